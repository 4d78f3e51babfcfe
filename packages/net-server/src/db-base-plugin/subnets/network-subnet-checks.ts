import { NetworkSubnetPoolAffinityError, cidrsOverlap, formatCidr, parseCidr, type Cidr } from '@net-server/lib';
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

/** neutron's _validate_network_subnetpools, without address scopes. */
export async function validateSubnetPoolAffinity(session: Session, networkId: string, version: number, subnetpoolId: string | null): Promise<void> {
  const others = await session.db.selectFrom('subnets').select(['subnetpool_id', 'ip_version']).where('network_id', '=', networkId).execute();
  for (const other of others) {
    if (Number(other.ip_version) !== version) continue;
    if (subnetpoolId !== null ? other.subnetpool_id !== subnetpoolId : other.subnetpool_id !== null) {
      throw new NetworkSubnetPoolAffinityError({});
    }
  }
}
