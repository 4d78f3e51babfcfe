import { PluginConfigError, pluginTypes } from '@net-server/lib';
import type { L3RouterPlugin } from '@net-server/l3';
import type { PluginDirectory } from 'net-server';

/** What port forwarding uses of the router plugin: its floating IPs' hooks and router lookup, and the routers L3 agents sync. */
export type RouterPluginAccess = Pick<L3RouterPlugin, 'floatingIps' | 'routerSyncExtenders'>;

/**
 * The router plugin loaded (service type L3_ROUTER_NAT), which this plugin
 * requires as neutron's requires `router`: net-server's own, or one with
 * the same floating IP hooks. Checked by shape, as the plugin may come from
 * another copy of @net-server/l3.
 */
export function routerPluginOf(directory: PluginDirectory): RouterPluginAccess {
  const plugin = directory.get(pluginTypes.L3) as Partial<RouterPluginAccess> | undefined;
  if (
    typeof plugin?.floatingIps?.hooks?.add !== 'function' ||
    typeof plugin.floatingIps.routerFor !== 'function' ||
    !(plugin.routerSyncExtenders instanceof Set)
  ) {
    throw new PluginConfigError(
      'DEFAULT',
      'service_plugins',
      'port_forwarding needs the router service plugin of @net-server/l3 (0.x with floating IP hooks): add `router` to service_plugins and install @net-server/l3',
    );
  }
  return plugin as RouterPluginAccess;
}
