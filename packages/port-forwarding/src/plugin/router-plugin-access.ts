import type { L3RouterPlugin } from '@net-server/l3';

/** What port forwarding uses of the router plugin: its floating IPs' hooks and router lookup, and the routers L3 agents sync. */
export type RouterPluginAccess = Pick<L3RouterPlugin, 'floatingIps' | 'routerSyncExtenders'>;
