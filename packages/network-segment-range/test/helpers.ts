import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '@net-server/lib';
import { buildIfStale, startServer, type ApiClient, type ApiResponse, type StartServerOptions, type TestServer } from '@net-server/testkit';
import { expect } from 'vitest';

export const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packagesDir = resolve(packageDir, '..');

export type Dict = Record<string, unknown>;
export type DialectName = 'sqlite' | 'postgres' | 'mysql';
export const dialects: DialectName[] = ['sqlite', 'postgres', 'mysql'];
const POSTGRES_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
/** The MariaDB on 127.0.0.1:3306, through the test account `.ci/run` creates. */
const MYSQL_URL = 'mysql+pymysql://net_server_test:net_server_test@127.0.0.1:3306/information_schema';

/** Two projects' members (the server's client is an admin). */
export const MEMBER = { projectId: 'project-a', userId: 'user-a', roles: ['member', 'reader'] };
export const OTHER = { projectId: 'project-b', userId: 'user-b', roles: ['member', 'reader'] };

/** The configured ranges, which the plugin shows as default ranges. */
export const VLAN_DEFAULT = { physnet: 'physnet1', min: 100, max: 109 };
export const VXLAN_DEFAULT = { min: 1000, max: 1009 };

/** The server loads ML2 and this plugin through their entry points, which name dist. */
export function buildPlugins(): void {
  for (const name of ['lib', 'net-server', 'rpc', 'ml2']) buildIfStale(resolve(packagesDir, name));
  buildIfStale(packageDir);
}

/** ML2 with VLAN tenant networks on physnet1 and VXLAN (the logger mechanism driver), this plugin loaded, on a temporary database. */
export function serverOptions(dialect: DialectName, more: Partial<StartServerOptions> = {}): StartServerOptions {
  return {
    root: packageDir,
    corePlugin: 'ml2',
    servicePlugins: ['network_segment_range'],
    logger: silentLogger,
    ...(dialect === 'postgres' ? { postgresUrl: POSTGRES_URL } : dialect === 'mysql' ? { mysqlUrl: MYSQL_URL } : {}),
    config: {
      ml2: { type_drivers: ['vlan', 'vxlan', 'flat'], tenant_network_types: ['vlan', 'vxlan'], mechanism_drivers: ['logger'] },
      ml2_type_vlan: { network_vlan_ranges: [`${VLAN_DEFAULT.physnet}:${VLAN_DEFAULT.min}:${VLAN_DEFAULT.max}`] },
      ml2_type_vxlan: { vni_ranges: [`${VXLAN_DEFAULT.min}:${VXLAN_DEFAULT.max}`] },
    },
    ...more,
  };
}

export function startRangeServer(dialect: DialectName, more: Partial<StartServerOptions> = {}): Promise<TestServer> {
  buildPlugins();
  return startServer(serverOptions(dialect, more));
}

export async function aliases(server: TestServer): Promise<string[]> {
  return ((await server.client.get('/extensions')).body['extensions'] as { alias: string }[]).map((extension) => extension.alias);
}

export function created(reply: ApiResponse, key: string): Dict {
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body[key] as Dict;
}

export function ok(reply: ApiResponse, key: string): Dict {
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body[key] as Dict;
}

/** The NeutronError of a failed request, after checking its status and type; its message. */
export function failure(reply: ApiResponse, status: number, type: string): string {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  const error = reply.body['NeutronError'] as Dict;
  expect(error['type']).toBe(type);
  return String(error['message']);
}

export const RANGES = '/network-segment-ranges';

export function createRange(client: ApiClient, body: Dict): Promise<ApiResponse> {
  return client.post(RANGES, { network_segment_range: { name: 'test-range', ...body } });
}

/** Every id from min to max. */
export function ids(min: number, max: number): number[] {
  return Array.from({ length: max - min + 1 }, (_, index) => min + index);
}
