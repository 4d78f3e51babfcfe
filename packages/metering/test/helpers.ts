import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale, type DatabaseKind, databaseOptions, startServer, type StartServerOptions, type TestServer } from '@net-server/testkit';
export { created, failure, ok } from '@net-server/testkit';

export const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packagesDir = resolve(packageDir, '..');

export type Dict = Record<string, unknown>;
export type DialectName = Exclude<DatabaseKind, 'mysql'>;
export const dialects: DialectName[] = ['sqlite', 'postgres'];

/** The server loads ML2, the router plugin and this one through their entry points, which name dist. */
export function buildPlugins(): void {
  for (const name of ['lib', 'rpc', 'ml2', 'l3']) buildIfStale(resolve(packagesDir, name));
  buildIfStale(packageDir);
}

/**
 * core_plugin = ml2 (openvswitch, vxlan tenant networks) with the router
 * and metering service plugins, on a temporary SQLite or PostgreSQL database.
 */
export function meteringServerOptions(dialect: DialectName, more: Partial<StartServerOptions> = {}): StartServerOptions {
  return {
    root: packageDir,
    corePlugin: 'ml2',
    servicePlugins: ['router', 'metering'],
    ...databaseOptions(dialect),
    ...more,
    config: {
      ml2: { type_drivers: ['flat', 'vxlan'], tenant_network_types: ['vxlan'], mechanism_drivers: ['openvswitch'] },
      ml2_type_vxlan: { vni_ranges: ['1:100'] },
      ...more.config,
    },
  };
}

export function startMeteringServer(dialect: DialectName, more: Partial<StartServerOptions> = {}): Promise<TestServer> {
  buildPlugins();
  return startServer(meteringServerOptions(dialect, more));
}
