import type { Subnet } from '@net-server/lib';
import { sharedWithCaller } from '../network-rbac/network-rbac-entries.js';
import type { Session } from '../session.js';
import { groupBy, identity, inChunks, standardAttributes } from '../standard-attributes.js';
import { resourceTags } from '../tags.js';
import { loadPools } from './allocation-pool-rows.js';
import type { SubnetRow } from './subnet-rows.js';
import { loadServiceTypes } from './subnet-service-type-rows.js';

/** Subnet rows as the API shows them: pools, DNS servers, host routes, service types, `shared` (the network is shared with the caller), standard attributes. */
export async function makeSubnetDicts(session: Session, rows: readonly SubnetRow[]): Promise<Subnet[]> {
  const ids = rows.map((row) => row.id);
  const pools = await loadPools(session, ids);
  const dnsRows = await inChunks(ids, (part) => session.db.selectFrom('dnsnameservers').selectAll().where('subnet_id', 'in', part).execute());
  const dns = groupBy(
    dnsRows,
    (row) => row.subnet_id,
    (row) => ({ address: row.address, order: Number(row.order) }),
  );
  const routeRows = await inChunks(ids, (part) => session.db.selectFrom('subnetroutes').selectAll().where('subnet_id', 'in', part).execute());
  const routes = groupBy(
    routeRows,
    (row) => row.subnet_id,
    (row) => ({ destination: row.destination, nexthop: row.nexthop }),
  );
  const sharedNetworks = await sharedWithCaller(
    session,
    rows.map((row) => row.network_id),
  );
  const tags = await resourceTags.load(session.db, ids);
  const serviceTypes = await loadServiceTypes(session, ids);
  return rows.map((row) => ({
    ...identity(row),
    network_id: row.network_id,
    ip_version: Number(row.ip_version) as 4 | 6,
    subnetpool_id: row.subnetpool_id,
    enable_dhcp: Boolean(row.enable_dhcp),
    ipv6_ra_mode: row.ipv6_ra_mode,
    ipv6_address_mode: row.ipv6_address_mode,
    gateway_ip: row.gateway_ip,
    cidr: row.cidr,
    allocation_pools: pools.get(row.id) ?? [],
    host_routes: (routes.get(row.id) ?? []).sort((a, b) => (a.destination < b.destination ? -1 : a.destination > b.destination ? 1 : 0)),
    dns_nameservers: (dns.get(row.id) ?? []).sort((a, b) => a.order - b.order).map((entry) => entry.address),
    shared: sharedNetworks.has(row.network_id),
    service_types: serviceTypes.get(row.id) ?? [],
    ...standardAttributes(row, tags.get(row.id) ?? []),
  }));
}
