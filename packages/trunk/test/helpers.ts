import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type ApiClient,
  buildIfStale,
  created,
  type DatabaseKind as DialectName,
  databaseOptions,
  startServer,
  type StartServerOptions,
  type TestServer,
} from '@net-server/testkit';
export { DATABASE_KINDS as dialects, type DatabaseKind as DialectName, created, failure, ok } from '@net-server/testkit';

export const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packagesDir = resolve(packageDir, '..');

export type Dict = Record<string, unknown>;

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
    ...databaseOptions(dialect),
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

/** A network of the caller's and a port on it (no device), for trunks to use. */
export async function networkWithPorts(api: ApiClient, count: number, network: Dict = {}): Promise<{ network: Dict; ports: Dict[] }> {
  const made = created(await api.post('/networks', { network: { name: 'trunk-net', ...network } }), 'network');
  const ports: Dict[] = [];
  for (let index = 0; index < count; index++) ports.push(created(await api.post('/ports', { port: { network_id: made['id'], name: `p${index}` } }), 'port'));
  return { network: made, ports };
}
