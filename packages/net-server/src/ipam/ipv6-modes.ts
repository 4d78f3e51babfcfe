import { constants } from '@net-server/lib';

interface Ipv6Modes {
  ip_version: number;
  ipv6_ra_mode: string | null;
  ipv6_address_mode: string | null;
}

/**
 * Whether ports get their address on this subnet by SLAAC (EUI-64 from the
 * MAC) rather than from IPAM's pools: neutron's is_auto_address_subnet.
 */
export function isAutoAddressSubnet(subnet: Ipv6Modes): boolean {
  if (subnet.ip_version !== 6) return false;
  const auto: readonly string[] = [constants.IPV6_SLAAC, constants.DHCPV6_STATELESS];
  if (subnet.ipv6_address_mode !== null) return auto.includes(subnet.ipv6_address_mode);
  return subnet.ipv6_ra_mode !== null && auto.includes(subnet.ipv6_ra_mode);
}
