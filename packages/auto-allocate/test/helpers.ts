import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale, databaseOptions, startServer, type DatabaseKind, type TestServer } from '@net-server/testkit';
export { DATABASE_KINDS as dialects, type DatabaseKind as DialectName, created, failure, ok } from '@net-server/testkit';

export const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packagesDir = resolve(packageDir, '..');

export type Dict = Record<string, unknown>;

/** The server loads ML2, the router plugin and this one through their entry points, which name dist. */
export function buildPlugins(): void {
  for (const name of ['lib', 'rpc', 'ml2', 'l3']) buildIfStale(resolve(packagesDir, name));
  buildIfStale(packageDir);
}

/** core_plugin = ml2 (flat and vxlan networks), service_plugins = router, auto_allocate. */
export function startAutoAllocateServer(dialect: DatabaseKind, servicePlugins: readonly string[] = ['router', 'auto_allocate']): Promise<TestServer> {
  buildPlugins();
  return startServer({
    root: packageDir,
    corePlugin: 'ml2',
    servicePlugins,
    ...databaseOptions(dialect),
    config: {
      ml2: { type_drivers: ['flat', 'vxlan'], tenant_network_types: ['vxlan'], mechanism_drivers: ['openvswitch'] },
      ml2_type_vxlan: { vni_ranges: ['1:100'] },
    },
  });
}
