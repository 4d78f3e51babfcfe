import { IP_BITS, parseIpAddress, type Cidr } from '@net-server/lib';

/** The prefix length of an IPv4 netmask (255.255.255.0) or hostmask (0.0.0.255), as Python's ipaddress reads them. */
function maskLength(text: string): number | undefined {
  const mask = parseIpAddress(text);
  if (mask === undefined || mask.version !== 4) return undefined;
  for (let length = 0; length <= 32; length++) {
    const ones = ((1n << BigInt(length)) - 1n) << BigInt(32 - length);
    if (mask.value === ones) return length;
    if (mask.value === (((1n << 32n) - 1n) ^ ones)) return length;
  }
  return undefined;
}

/**
 * An address with an optional prefix the way Python's
 * `ipaddress.ip_interface` takes it, which neutron's metering plugin uses
 * to check a rule's prefixes: `10.0.0.1`, `10.0.0.0/24`, `10.0.0.1/24`
 * (host bits are kept), `10.0.0.0/255.255.255.0`, `fd02::/64`.
 * Undefined when it is none of those.
 */
export function parseInterface(text: string): Cidr | undefined {
  const [address = '', prefix, ...rest] = text.split('/');
  const ip = parseIpAddress(address);
  if (ip === undefined || rest.length > 0) return undefined;
  if (prefix === undefined) return { version: ip.version, address: ip.value, prefixLength: IP_BITS[ip.version] };
  const length = /^\d{1,3}$/.test(prefix) ? Number(prefix) : ip.version === 4 ? maskLength(prefix) : undefined;
  if (length === undefined || length > IP_BITS[ip.version]) return undefined;
  return { version: ip.version, address: ip.value, prefixLength: length };
}
