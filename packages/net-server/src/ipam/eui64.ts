import { parseMacAddress, type Cidr, type IpAddress } from '@net-server/lib';

/**
 * The modified EUI-64 address a host derives by SLAAC from its MAC on a /64
 * (RFC 4291 appendix A): ff:fe in the middle of the MAC, universal/local bit
 * flipped, under the subnet's prefix. neutron computes the same so that the
 * port's fixed IP is the one the instance configures.
 */
export function eui64Address(prefix: Cidr, mac: string): IpAddress | undefined {
  const value = parseMacAddress(mac);
  if (value === undefined || prefix.version !== 6) return undefined;
  const upper = (value >> 24n) & 0xffffffn;
  const lower = value & 0xffffffn;
  const interfaceId = (((upper << 16n) | 0xfffen) << 24n) | lower;
  const flipped = interfaceId ^ (0x02n << 56n);
  const network = prefix.address & ~((1n << 64n) - 1n);
  return { version: 6, value: network | flipped };
}
