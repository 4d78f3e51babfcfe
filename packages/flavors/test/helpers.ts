import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '@net-server/lib';
import { buildIfStale, type DatabaseKind, databaseOptions, startServer, type StartServerOptions, type TestServer } from '@net-server/testkit';
export { DATABASE_KINDS as dialects, type DatabaseKind as DialectName, created, failure, ok } from '@net-server/testkit';

export const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packagesDir = resolve(packageDir, '..');

export type Dict = Record<string, unknown>;

/** A provider the service profiles of the tests name: `[service_providers] service_provider`. */
export const ACME_DRIVER = 'acme.drivers.LoadBalancer';

/**
 * net-server's DbBasePlugin with the flavors plugin, which loads as one of
 * neutron's default service plugins because the package is installed (this
 * package is the server's root), and one configured service provider.
 */
export function startFlavorsServer(dialect: DatabaseKind, more: Partial<StartServerOptions> = {}): Promise<TestServer> {
  buildIfStale(packageDir);
  return startServer({
    root: packageDir,
    corePlugin: 'net-server:DbBasePlugin',
    servicePlugins: [],
    logger: silentLogger,
    ...databaseOptions(dialect),
    ...more,
    config: { service_providers: { service_provider: [`LOADBALANCERV2:acme:${ACME_DRIVER}:default`] }, ...more.config },
  });
}

/** ML2 (openvswitch, vxlan tenant networks) with the router plugin and, installed, the flavors plugin: for routers' flavor_id (l3-flavors). */
export function startRouterFlavorsServer(dialect: DatabaseKind, more: Partial<StartServerOptions> = {}): Promise<TestServer> {
  for (const name of ['lib', 'rpc', 'ml2', 'l3']) buildIfStale(resolve(packagesDir, name));
  return startFlavorsServer(dialect, {
    corePlugin: 'ml2',
    servicePlugins: ['router'],
    ...more,
    config: {
      ml2: { type_drivers: ['flat', 'vxlan'], tenant_network_types: ['vxlan'], mechanism_drivers: ['openvswitch'] },
      ml2_type_vxlan: { vni_ranges: ['1:100'] },
      ...more.config,
    },
  });
}
