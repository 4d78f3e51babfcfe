import {
  GatewayConflictWithAllocationPools,
  InvalidAllocationPool,
  OutOfBoundsAllocationPool,
  OverlappingAllocationPools,
  constants,
  firstAddress,
  formatIpAddress,
  formatIpRange,
  ipRange,
  lastAddress,
  parseIpAddress,
  rangeContains,
  rangesOverlap,
  type Cidr,
  type IpAddress,
  type IpRange,
} from '@net-server/lib';

/** An allocation pool as the API carries it. */
export interface PoolBody {
  start: string;
  end: string;
}

/** neutron's pools_to_ip_range: each {start, end} as a range, InvalidAllocationPool when unreadable. */
export function poolsToRanges(pools: readonly PoolBody[]): IpRange[] {
  return pools.map((pool) => {
    const start = parseIpAddress(String(pool.start));
    const end = parseIpAddress(String(pool.end));
    const range = start && end ? ipRange(start, end) : undefined;
    if (!range) throw new InvalidAllocationPool({ pool: `${pool.start}-${pool.end}` });
    return range;
  });
}

/**
 * neutron's validate_allocation_pools: every pool of the subnet's family,
 * inside the usable part of the CIDR (IPv4 up to /30 loses its network and
 * broadcast addresses, IPv6 its subnet-router anycast address), and no two
 * pools overlapping.
 */
export function validateAllocationPools(ranges: readonly IpRange[], cidr: Cidr, cidrText: string): void {
  let first = firstAddress(cidr).value;
  let last = lastAddress(cidr).value;
  if (cidr.version === 4 && cidr.prefixLength <= 30) {
    first += 1n;
    last -= 1n;
  } else if (cidr.version === 6) {
    first += 1n;
  }
  for (const range of ranges) {
    if (range.version !== cidr.version) throw new InvalidAllocationPool({ pool: formatIpRange(range) });
    if (range.first < first || range.last > last) {
      throw new OutOfBoundsAllocationPool({ pool: formatIpRange(range), subnet_cidr: cidrText });
    }
  }
  for (let i = 0; i < ranges.length; i++) {
    for (let j = i + 1; j < ranges.length; j++) {
      if (rangesOverlap(ranges[i]!, ranges[j]!)) {
        throw new OverlappingAllocationPools({
          pool_1: formatIpRange(ranges[i]!),
          pool_2: formatIpRange(ranges[j]!),
          subnet_cidr: cidrText,
        });
      }
    }
  }
}

/** neutron's validate_gw_out_of_pools. */
export function validateGatewayOutOfPools(gateway: IpAddress, ranges: readonly IpRange[]): void {
  for (const range of ranges) {
    if (rangeContains(range, gateway)) {
      throw new GatewayConflictWithAllocationPools({ pool: formatIpRange(range), ip_address: formatIpAddress(gateway) });
    }
  }
}

/** neutron's check_gateway_invalid_in_subnet: an IPv4 gateway may not be the network or broadcast address. */
export function gatewayInvalidInSubnet(cidr: Cidr, gateway: IpAddress): boolean {
  if (cidr.version !== 4 || gateway.version !== 4) return false;
  return gateway.value === firstAddress(cidr).value || gateway.value === lastAddress(cidr).value;
}

/**
 * neutron's check_subnet_ip: whether a port may hold `ip` on the subnet.
 * IPv4 excludes the network and broadcast addresses (not on /31 and /32);
 * IPv6 excludes the subnet-router anycast address except for router and DHCP ports.
 */
export function subnetIpValid(cidr: Cidr, ip: IpAddress, deviceOwner: string): boolean {
  if (ip.version !== cidr.version) return false;
  const first = firstAddress(cidr).value;
  const last = lastAddress(cidr).value;
  if (ip.value < first || ip.value > last) return false;
  if (cidr.version === 6) {
    const owners: readonly string[] = [...constants.ROUTER_PORT_OWNERS, constants.DEVICE_OWNER_DHCP];
    return owners.includes(deviceOwner) || ip.value !== first;
  }
  if (cidr.prefixLength >= 31) return true;
  return ip.value !== first && ip.value !== last;
}
