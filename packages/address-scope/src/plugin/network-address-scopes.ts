import type { ResourceDict } from '@net-server/lib';
import type { Session } from 'net-server';
import { IPV4_ADDRESS_SCOPE, IPV6_ADDRESS_SCOPE } from '../api/definitions.js';

/**
 * neutron's _extend_network_dict_address_scope: a network's
 * `ipv4_address_scope` and `ipv6_address_scope` are the scopes of the
 * pools its subnets of that family come from (one per family, which the
 * core's subnet pool affinity check keeps so), null without one.
 */
export async function extendNetworks(session: Session, networks: ResourceDict[]): Promise<void> {
  const ids = networks.map((network) => String(network['id']));
  const rows = await session.db
    .selectFrom('subnets')
    .innerJoin('subnetpools', 'subnetpools.id', 'subnets.subnetpool_id')
    .select(['subnets.network_id', 'subnetpools.ip_version', 'subnetpools.address_scope_id'])
    .where('subnets.network_id', 'in', ids)
    .where('subnetpools.address_scope_id', 'is not', null)
    .execute();
  const scopes = new Map<string, { 4?: string; 6?: string }>();
  for (const row of rows) {
    const found = scopes.get(row.network_id) ?? {};
    found[Number(row.ip_version) === 6 ? 6 : 4] = row.address_scope_id ?? undefined;
    scopes.set(row.network_id, found);
  }
  for (const network of networks) {
    const found = scopes.get(String(network['id']));
    network[IPV4_ADDRESS_SCOPE] = found?.[4] ?? null;
    network[IPV6_ADDRESS_SCOPE] = found?.[6] ?? null;
  }
}
