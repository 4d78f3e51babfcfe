import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale, databaseOptions, startServer, type DatabaseKind, type StartServerOptions, type TestServer } from '@net-server/testkit';

export { DATABASE_KINDS as dialects, created, failure, ok, type DatabaseKind as DialectName } from '@net-server/testkit';

export type Dict = Record<string, unknown>;

export const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packagesDir = resolve(packageDir, '..');

/** The server loads ML2 and this plugin through their entry points, which name dist. */
export function buildPlugins(): void {
  for (const name of ['lib', 'rpc', 'ml2']) buildIfStale(resolve(packagesDir, name));
  buildIfStale(packageDir);
}

/** core_plugin = ml2 (vxlan tenant networks, the given mechanism drivers), service_plugins = log. */
export function startLoggingServer(dialect: DatabaseKind, mechanismDrivers = ['openvswitch'], more: Partial<StartServerOptions> = {}): Promise<TestServer> {
  buildPlugins();
  return startServer({
    root: packageDir,
    corePlugin: 'ml2',
    servicePlugins: ['log'],
    ...databaseOptions(dialect),
    ...more,
    config: {
      ml2: { type_drivers: ['flat', 'vxlan'], tenant_network_types: ['vxlan'], mechanism_drivers: mechanismDrivers },
      ml2_type_vxlan: { vni_ranges: ['1:100'] },
      ...more.config,
    },
  });
}
