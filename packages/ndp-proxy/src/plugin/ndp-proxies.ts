import { givenString, type TableResource } from 'net-server';
import type { NdpProxyRow } from '../db/schema.js';
import { NDPProxyNotFound } from '../errors.js';

/**
 * NDP proxies (neutron's NDPProxy): a project's, with standard
 * attributes. The plugin works out the router, port and address before the
 * row is written (the body it stores carries the chosen `ip_address`);
 * only the name and the description change afterwards. A proxy goes with
 * its router and its port (the foreign keys cascade).
 */
export const ndpProxies: TableResource<NdpProxyRow> = {
  table: 'ndp_proxies',
  member: 'ndp_proxy',
  collection: 'ndp_proxies',
  visibility: 'owner',
  standardAttributes: true,
  notFound: (id) => new NDPProxyNotFound({ id }),
  toDict: (row) => ({ name: row.name ?? '', router_id: row.router_id, port_id: row.port_id, ip_address: row.ip_address }),
  newRow: (body) => ({
    name: givenString(body, 'name') ?? '',
    router_id: givenString(body, 'router_id') ?? '',
    port_id: givenString(body, 'port_id') ?? '',
    ip_address: givenString(body, 'ip_address') ?? '',
  }),
  changes: (body) => {
    const name = givenString(body, 'name');
    return name === undefined ? {} : { name };
  },
  sqlFilters: ['router_id', 'port_id'],
};
