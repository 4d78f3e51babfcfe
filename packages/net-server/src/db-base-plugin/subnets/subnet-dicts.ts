import type { Subnet } from '@net-server/lib';
import { sharedWithCaller } from '../network-rbac/network-rbac-entries.js';
import type { Session } from '../session.js';
import { groupBy, identity, inChunks, standardAttributes } from '../standard-attributes.js';
import { resourceTags } from '../tags.js';
import { loadPools } from './allocation-pool-rows.js';
import type { SubnetRow } from './subnet-rows.js';
import { loadServiceTypes } from './subnet-service-type-rows.js';

/**
 * Subnet rows as the API shows them: pools, DNS servers, host routes,
 * service types, `shared` (the network is shared with the caller), standard
 * attributes. With `fields` (ResourceOps.makeDicts), the attributes beyond
 * the row that it does not name are not read and stay empty, as the engine
 * drops them: a router sync, which passes on the DNS servers alone of
 * them, skips five of the six queries.
 */
export async function makeSubnetDicts(session: Session, rows: readonly SubnetRow[], fields?: readonly string[]): Promise<Subnet[]> {
  const ids = rows.map((row) => row.id);
  const wanted = (name: string): boolean => fields === undefined || fields.includes(name);
  const pools = wanted('allocation_pools') ? await loadPools(session, ids) : new Map<string, Subnet['allocation_pools']>();
  const dns = wanted('dns_nameservers') ? await loadDnsNameservers(session, ids) : new Map<string, string[]>();
  const routes = wanted('host_routes') ? await loadHostRoutes(session, ids) : new Map<string, Subnet['host_routes']>();
  const networkIds = rows.map((row) => row.network_id);
  const sharedNetworks = wanted('shared') ? await sharedWithCaller(session, networkIds) : new Set<string>();
  const tags = wanted('tags') ? await resourceTags.load(session.db, ids) : new Map<string, string[]>();
  const serviceTypes = wanted('service_types') ? await loadServiceTypes(session, ids) : new Map<string, string[]>();
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
    host_routes: routes.get(row.id) ?? [],
    dns_nameservers: dns.get(row.id) ?? [],
    shared: sharedNetworks.has(row.network_id),
    service_types: serviceTypes.get(row.id) ?? [],
    ...standardAttributes(row, tags.get(row.id) ?? []),
  }));
}

/** Each subnet's DNS servers, in their order. */
async function loadDnsNameservers(session: Session, ids: readonly string[]): Promise<Map<string, string[]>> {
  const rows = await inChunks(ids, (part) => session.db.selectFrom('dnsnameservers').selectAll().where('subnet_id', 'in', part).execute());
  rows.sort((a, b) => Number(a.order) - Number(b.order));
  return groupBy(
    rows,
    (row) => row.subnet_id,
    (row) => row.address,
  );
}

/** Each subnet's host routes, by destination. */
async function loadHostRoutes(session: Session, ids: readonly string[]): Promise<Map<string, Subnet['host_routes']>> {
  const rows = await inChunks(ids, (part) => session.db.selectFrom('subnetroutes').selectAll().where('subnet_id', 'in', part).execute());
  rows.sort((a, b) => (a.destination < b.destination ? -1 : a.destination > b.destination ? 1 : 0));
  return groupBy(
    rows,
    (row) => row.subnet_id,
    (row) => ({ destination: row.destination, nexthop: row.nexthop }),
  );
}
