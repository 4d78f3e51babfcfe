import { IP_BITS, formatIpAddress, parseIpAddress, type IpAddress, type IpVersion } from './ip-address.js';

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
