import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale, startServer, type ApiClient, type StartServerOptions, type TestServer } from '@net-server/testkit';
import { created, forwardingServerOptions, type DialectName, type Dict } from '../../port-forwarding/test/helpers.js';

// The reply checks and databases of the router plugin's other service plugin, whose tests set them out.
export { created, dialects, failure, ok, type DialectName, type Dict } from '../../port-forwarding/test/helpers.js';

export const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packagesDir = resolve(packageDir, '..');

/** The server loads ML2, the router plugin and this one through their entry points, which name dist. */
export function buildPlugins(): void {
  for (const name of ['lib', 'rpc', 'ml2', 'l3']) buildIfStale(resolve(packagesDir, name));
  buildIfStale(packageDir);
}

/** core_plugin = ml2 (openvswitch, vxlan tenant networks), service_plugins = router,conntrack_helper. */
export function startHelperServer(dialect: DialectName, more: Partial<StartServerOptions> = {}): Promise<TestServer> {
  buildPlugins();
  return startServer({ ...forwardingServerOptions(dialect, more), root: packageDir, servicePlugins: ['router', 'conntrack_helper'] });
}

/** A new router of the tenant's (a member of `tenant-a`). */
export async function tenantRouter(client: ApiClient, name = 'r'): Promise<Dict> {
  return created(await client.as({ projectId: 'tenant-a', roles: ['member'] }).post('/routers', { router: { name } }), 'router');
}
