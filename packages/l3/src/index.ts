export { L3RouterPlugin } from './plugin/l3-router-plugin.js';
export type { Routers, RouterEvents, RouterSettings } from './plugin/routers.js';
export type { FloatingIps } from './plugin/floating-ips.js';
export { ExternalNetworkInUse } from './plugin/external-networks.js';
export { ROUTER, EXT_GW_MODE, EXTRAROUTE, L3_ROUTER_NAT, l3Extensions } from './api/definitions.js';
export { migrations } from './db/migrations.js';
export type { L3Tables } from './db/schema.js';
export { l3OptionGroups, enableSnatByDefault, maxRoutes } from './config/options.js';
export * from './errors.js';
