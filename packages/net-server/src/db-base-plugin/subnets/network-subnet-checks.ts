import { NetworkAddressScopeAffinityError, NetworkSubnetPoolAffinityError, cidrsOverlap, formatCidr, parseCidr, type Cidr } from '@net-server/lib';
import { GLOBAL_LOCKS, lockGlobally, type Session } from '../session.js';
import type { BasePluginSettings } from '../settings.js';
import { invalid } from './invalid-subnet.js';

/**
 * neutron's _validate_subnet_cidr: no /0, no overlap with the network's
 * other subnets, nor with any subnet at all when allow_overlapping_ips is
 * false.
 */
export async function validateSubnetCidr(session: Session, networkId: string, cidr: Cidr, settings: BasePluginSettings): Promise<void> {
  if (cidr.prefixLength === 0) throw invalid('0 is not allowed as CIDR prefix length');
  // Two networks' subnets created at once must see each other (the network lock covers one network only).
  if (!settings.allowOverlappingIps) await lockGlobally(session, GLOBAL_LOCKS.subnetCidrs);
  let query = session.db.selectFrom('subnets').select(['id', 'cidr', 'network_id']);
  if (settings.allowOverlappingIps) query = query.where('network_id', '=', networkId);
  for (const other of await query.execute()) {
    const otherCidr = parseCidr(other.cidr);
    if (otherCidr && cidrsOverlap(otherCidr, cidr)) {
      // As neutron: no details of the other subnet, which may be another project's.
      throw invalid(`Requested subnet with cidr: ${formatCidr(cidr)} for network: ${networkId} overlaps with another subnet`);
    }
  }
}

/**
 * neutron's _validate_network_subnetpools. Once a network's subnets of the
 * family come from a pool in an address scope, a new one must come from a
 * pool in the same scope (or from no pool), from any of its pools; without
 * a scope, every one from the same pool. The scope is the pools'
 * `address_scope_id`, which only the address-scope extension sets.
 */
export async function validateSubnetPoolAffinity(session: Session, networkId: string, version: number, subnetpoolId: string | null): Promise<void> {
  const others = await session.db
    .selectFrom('subnets')
    .leftJoin('subnetpools', 'subnetpools.id', 'subnets.subnetpool_id')
    .select(['subnets.subnetpool_id', 'subnetpools.address_scope_id'])
    .where('subnets.network_id', '=', networkId)
    .where('subnets.ip_version', '=', version)
    .execute();
  const networkScope = others.find((other) => other.address_scope_id !== null)?.address_scope_id;
  if (networkScope !== undefined && networkScope !== null) {
    if (subnetpoolId === null) return;
    const pool = await session.db.selectFrom('subnetpools').select('address_scope_id').where('id', '=', subnetpoolId).executeTakeFirst();
    if (pool?.address_scope_id !== networkScope) throw new NetworkAddressScopeAffinityError({});
    return;
  }
  for (const other of others) {
    if (subnetpoolId !== null ? other.subnetpool_id !== subnetpoolId : other.subnetpool_id !== null) {
      throw new NetworkSubnetPoolAffinityError({});
    }
  }
}
