import type { Cidr } from './cidr.js';
import { firstAddress, lastAddress } from './cidr.js';
import { formatIpAddress, type IpAddress, type IpVersion } from './ip-address.js';

/**
 * An inclusive range of addresses of one family: what neutron calls an
 * allocation pool, and what IPAM allocates from.
 */
export interface IpRange {
  readonly version: IpVersion;
  readonly first: bigint;
  readonly last: bigint;
}

export function ipRange(first: IpAddress, last: IpAddress): IpRange | undefined {
  if (first.version !== last.version || first.value > last.value) return undefined;
  return { version: first.version, first: first.value, last: last.value };
}

export function rangeSize(range: IpRange): bigint {
  return range.last - range.first + 1n;
}

export function rangeContains(range: IpRange, ip: IpAddress): boolean {
  return ip.version === range.version && ip.value >= range.first && ip.value <= range.last;
}

export function rangesOverlap(a: IpRange, b: IpRange): boolean {
  return a.version === b.version && a.first <= b.last && b.first <= a.last;
}

/** Whether the range lies wholly inside the CIDR. */
export function rangeWithinCidr(range: IpRange, cidr: Cidr): boolean {
  return range.version === cidr.version && range.first >= firstAddress(cidr).value && range.last <= lastAddress(cidr).value;
}

/** "10.0.0.2-10.0.0.254", as neutron prints an IPRange in its messages. */
export function formatIpRange(range: IpRange): string {
  const at = (value: bigint): string => formatIpAddress({ version: range.version, value });
  return `${at(range.first)}-${at(range.last)}`;
}

/** Every address of the range in order; lazy, so a /64 is fine to start walking. */
export function* iterateRange(range: IpRange): Generator<IpAddress> {
  for (let value = range.first; value <= range.last; value++) yield { version: range.version, value };
}

/** The ranges minus one address, split around it when it falls inside. */
export function excludeAddress(ranges: readonly IpRange[], ip: IpAddress): IpRange[] {
  const result: IpRange[] = [];
  for (const range of ranges) {
    if (!rangeContains(range, ip)) {
      result.push(range);
      continue;
    }
    if (ip.value > range.first) result.push({ ...range, last: ip.value - 1n });
    if (ip.value < range.last) result.push({ ...range, first: ip.value + 1n });
  }
  return result;
}

/**
 * The first address of `ranges`, in order, that is not in use;
 * undefined when all are taken. `limit` bounds the number of addresses
 * tried, so a caller can fall back to random probing in huge IPv6 ranges.
 */
export function firstFreeAddress(ranges: readonly IpRange[], isUsed: (ip: IpAddress) => boolean, limit = Number.POSITIVE_INFINITY): IpAddress | undefined {
  let tried = 0;
  for (const range of ranges) {
    for (const ip of iterateRange(range)) {
      if (tried++ >= limit) return undefined;
      if (!isUsed(ip)) return ip;
    }
  }
  return undefined;
}

/**
 * neutron's default allocation pools for a subnet (ipam utils
 * generate_pools): the whole CIDR except the network address (the IPv6
 * subnet-router anycast address) and, for IPv4 up to /30, the broadcast
 * address; minus the gateway.
 */
export function defaultAllocationPools(cidr: Cidr, gateway?: IpAddress): IpRange[] {
  const first = firstAddress(cidr).value;
  const last = lastAddress(cidr).value;
  if (first === last) return [{ version: cidr.version, first, last }];
  const trimEnds = cidr.version === 6 || cidr.prefixLength <= 30;
  const pool: IpRange = {
    version: cidr.version,
    first: trimEnds ? first + 1n : first,
    last: cidr.version === 4 && trimEnds ? last - 1n : last,
  };
  return gateway === undefined ? [pool] : excludeAddress([pool], gateway);
}
