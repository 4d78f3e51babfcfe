import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale, startServer, type ApiClient, type ApiResponse, type StartServerOptions, type TestServer } from '@net-server/testkit';
import { expect } from 'vitest';

export const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packagesDir = resolve(packageDir, '..');

export type Dict = Record<string, unknown>;
export type DialectName = 'sqlite' | 'postgres' | 'mysql';
export const dialects: DialectName[] = ['sqlite', 'postgres', 'mysql'];
const POSTGRES_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
const MYSQL_URL = 'mysql+pymysql://net_server_test:net_server_test@127.0.0.1:3306/information_schema';

/** The server loads ML2, the tag plugin (a default one when installed) and this plugin through their entry points, which name dist. */
export function buildPlugins(): void {
  for (const name of ['lib', 'rpc', 'ml2', 'tag']) buildIfStale(resolve(packagesDir, name));
  buildIfStale(packageDir);
}

/**
 * core_plugin = ml2 (openvswitch; VXLAN tenant networks, VLAN provider
 * networks on physnet1) with the trunk service plugin (and `tag`, loaded
 * by default), on a temporary SQLite, PostgreSQL or MySQL/MariaDB database.
 */
export function trunkServerOptions(dialect: DialectName, more: Partial<StartServerOptions> = {}): StartServerOptions {
  return {
    root: packageDir,
    corePlugin: 'ml2',
    servicePlugins: ['trunk'],
    ...(dialect === 'postgres' ? { postgresUrl: POSTGRES_URL } : dialect === 'mysql' ? { mysqlUrl: MYSQL_URL } : {}),
    ...more,
    config: {
      ml2: { type_drivers: ['flat', 'vlan', 'vxlan'], tenant_network_types: ['vxlan'], mechanism_drivers: ['openvswitch'] },
      ml2_type_vxlan: { vni_ranges: ['1:100'] },
      ml2_type_vlan: { network_vlan_ranges: ['physnet1:100:199'] },
      ...more.config,
    },
  };
}

export function startTrunkServer(dialect: DialectName, more: Partial<StartServerOptions> = {}): Promise<TestServer> {
  buildPlugins();
  return startServer(trunkServerOptions(dialect, more));
}

export function created(reply: ApiResponse, key: string): Dict {
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body[key] as Dict;
}

export function ok(reply: ApiResponse, key?: string): Dict {
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return key === undefined ? reply.body : (reply.body[key] as Dict);
}

/** The NeutronError of a failed request, after checking its status and type; its message. */
export function failure(reply: ApiResponse, status: number, type: string): string {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  const error = reply.body['NeutronError'] as Dict;
  expect(error['type']).toBe(type);
  return String(error['message']);
}

/** A network of the caller's and a port on it (no device), for trunks to use. */
export async function networkWithPorts(api: ApiClient, count: number, network: Dict = {}): Promise<{ network: Dict; ports: Dict[] }> {
  const made = created(await api.post('/networks', { network: { name: 'trunk-net', ...network } }), 'network');
  const ports: Dict[] = [];
  for (let index = 0; index < count; index++) ports.push(created(await api.post('/ports', { port: { network_id: made['id'], name: `p${index}` } }), 'port'));
  return { network: made, ports };
}
