import { IP_BITS, formatIpAddress, parseIpAddress, parseIpv4Lenient, type IpAddress, type IpVersion } from './ip-address.js';

/**
 * A CIDR as written: the address part keeps any host bits, because neutron
 * accepts `10.0.0.1/24` for a subnet and the caller decides whether to
 * normalise it (`cidrNetwork`) or reject it (`hasHostBits`).
 */
export interface Cidr {
  readonly version: IpVersion;
  readonly address: bigint;
  readonly prefixLength: number;
}

const prefixPattern = /^(0|[1-9]\d{0,2})$/;

/** Parses `address/prefix`; undefined when malformed or the prefix is too long for the family. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIpAddress(text.slice(0, slash));
  const prefix = text.slice(slash + 1);
  if (ip === undefined || !prefixPattern.test(prefix)) return undefined;
  const prefixLength = Number(prefix);
  if (prefixLength > IP_BITS[ip.version]) return undefined;
  return { version: ip.version, address: ip.value, prefixLength };
}

export function formatCidr(cidr: Cidr): string {
  return `${formatIpAddress({ version: cidr.version, value: cidr.address })}/${cidr.prefixLength}`;
}

function hostMask(cidr: Cidr): bigint {
  return (1n << BigInt(IP_BITS[cidr.version] - cidr.prefixLength)) - 1n;
}

/** The same CIDR with host bits cleared: 10.0.0.1/24 -> 10.0.0.0/24. */
export function cidrNetwork(cidr: Cidr): Cidr {
  return { ...cidr, address: cidr.address & ~hostMask(cidr) };
}

export function hasHostBits(cidr: Cidr): boolean {
  return (cidr.address & hostMask(cidr)) !== 0n;
}

/** Canonical text of a CIDR's network: "2001:DB8:0::1/64" -> "2001:db8::/64". */
export function canonicalCidr(text: string): string | undefined {
  const cidr = parseCidr(text);
  return cidr === undefined ? undefined : formatCidr(cidrNetwork(cidr));
}

/** The first address of the CIDR (its network address). */
export function firstAddress(cidr: Cidr): IpAddress {
  return { version: cidr.version, value: cidr.address & ~hostMask(cidr) };
}

/** The last address of the CIDR (the broadcast address for IPv4). */
export function lastAddress(cidr: Cidr): IpAddress {
  return { version: cidr.version, value: cidr.address | hostMask(cidr) };
}

/** Number of addresses in the CIDR. */
export function cidrSize(cidr: Cidr): bigint {
  return hostMask(cidr) + 1n;
}

/** Whether an address, or a whole CIDR, lies inside `cidr`. */
export function cidrContains(cidr: Cidr, inner: IpAddress | Cidr): boolean {
  if (inner.version !== cidr.version) return false;
  const first = firstAddress(cidr).value;
  const last = lastAddress(cidr).value;
  if ('prefixLength' in inner) {
    return inner.prefixLength >= cidr.prefixLength && firstAddress(inner).value >= first && lastAddress(inner).value <= last;
  }
  return inner.value >= first && inner.value <= last;
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  if (a.version !== b.version) return false;
  return firstAddress(a).value <= lastAddress(b).value && firstAddress(b).value <= lastAddress(a).value;
}

/**
 * Reads a CIDR the way netaddr's IPNetwork does for neutron's messages:
 * besides `address/prefix`, a bare address, abbreviated IPv4 ("10/8"),
 * leading zeros and an IPv4 netmask ("10.0.0.0/255.0.0.0").
 */
export function parseCidrLikeNetaddr(text: string): Cidr | undefined {
  const [address = '', prefix, ...rest] = text.split('/');
  if (rest.length > 0) return undefined;
  let ip: IpAddress | undefined;
  if (address.includes(':')) {
    ip = parseIpAddress(address);
  } else {
    const parts = address.split('.');
    if (prefix !== undefined) while (parts.length < 4) parts.push('0');
    const value = parseIpv4Lenient(parts.join('.'));
    ip = value === undefined ? undefined : { version: 4, value };
  }
  if (ip === undefined) return undefined;
  const bits = ip.version === 4 ? 32 : 128;
  if (prefix === undefined) return { version: ip.version, address: ip.value, prefixLength: bits };
  let length: number | undefined;
  if (/^\d{1,3}$/.test(prefix)) length = Number(prefix);
  else if (ip.version === 4) length = netmaskLength(prefix);
  if (length === undefined || length > bits) return undefined;
  return { version: ip.version, address: ip.value, prefixLength: length };
}

function netmaskLength(mask: string): number | undefined {
  const value = parseIpv4Lenient(mask);
  if (value === undefined) return undefined;
  const bits = value.toString(2).padStart(32, '0');
  if (/^1*0*$/.test(bits)) return bits.indexOf('0') < 0 ? 32 : bits.indexOf('0');
  // A hostmask (0.255.255.255) is accepted too.
  return /^0*1*$/.test(bits) ? (bits.indexOf('1') < 0 ? 32 : bits.indexOf('1')) : undefined;
}
