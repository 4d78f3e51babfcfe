import { IpAddressGenerationFailureNoMatchingSubnet, constants } from '@net-server/lib';
import type { IpamSubnet } from './ipam-subnets.js';

/** Whether a subnet takes addresses for this device owner (neutron's query_filter_service_subnets). */
export function servesDeviceOwner(subnet: IpamSubnet, deviceOwner: string): boolean {
  if (subnet.serviceTypes.length === 0 || subnet.serviceTypes.includes(deviceOwner)) return true;
  // DHCP ports take addresses on any subnet with DHCP enabled, whatever it is for.
  return subnet.enableDhcp && deviceOwner === constants.DEVICE_OWNER_DHCP;
}

/**
 * The network's subnets a port of this device owner gets addresses from,
 * those for its service types first (neutron's _ipam_get_subnets); none at
 * all when the network has no subnet, IpAddressGenerationFailureNoMatchingSubnet
 * when it has some but none for this owner.
 */
export function serviceTypeCandidates(subnets: readonly IpamSubnet[], networkId: string, deviceOwner: string): IpamSubnet[] {
  const candidates = subnets.filter((subnet) => servesDeviceOwner(subnet, deviceOwner));
  if (candidates.length === 0 && subnets.length > 0) throw new IpAddressGenerationFailureNoMatchingSubnet({ network_id: networkId, service_type: deviceOwner });
  return [...candidates.filter((subnet) => subnet.serviceTypes.length > 0), ...candidates.filter((subnet) => subnet.serviceTypes.length === 0)];
}
