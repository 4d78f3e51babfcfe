import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '@net-server/lib';
import {
  type ApiClient,
  type ApiResponse,
  buildIfStale,
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
/** The MariaDB on 127.0.0.1:3306, through the test account `.ci/run` creates. */

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
    ...databaseOptions(dialect),
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

export const RANGES = '/network-segment-ranges';

export function createRange(client: ApiClient, body: Dict): Promise<ApiResponse> {
  return client.post(RANGES, { network_segment_range: { name: 'test-range', ...body } });
}

/** Every id from min to max. */
export function ids(min: number, max: number): number[] {
  return Array.from({ length: max - min + 1 }, (_, index) => min + index);
}
