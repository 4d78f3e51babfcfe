import { availabilityZoneHints, copy, withStandardAttributes, type TableMapping } from './table-mapping.js';

/** Routers (gateway port, interfaces, extra routes, zones, agents) and floating IPs: the @net-server/l3 tables. */
export const l3Mappings: readonly TableMapping[] = [
  withStandardAttributes('routers'),
  copy('routerports'),
  copy('routerroutes'),
  availabilityZoneHints('router_availability_zone_hints', 'router_extra_attributes', 'router_id', 'router_id'),
  copy('routerl3agentbindings'),
  withStandardAttributes('floatingips'),
];
