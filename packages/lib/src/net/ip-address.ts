/**
 * IPv4 and IPv6 addresses as bigints, so that IPAM can do arithmetic on
 * both families with one code path.
 */
export type IpVersion = 4 | 6;

export interface IpAddress {
  readonly version: IpVersion;
  readonly value: bigint;
}

export const IP_BITS: Readonly<Record<IpVersion, number>> = { 4: 32, 6: 128 };

const ipv4Part = /^(0|[1-9]\d{0,2})$/;
const hexGroup = /^[0-9a-fA-F]{1,4}$/;

/**
 * Parses a dotted-quad IPv4 or an RFC 4291 IPv6 address (with `::` and an
 * optional dotted IPv4 tail). Strict: no leading zeros in IPv4 octets, no
 * zone ids, no surrounding whitespace.
 */
export function parseIpAddress(text: string): IpAddress | undefined {
  if (text.includes(':')) {
    const value = parseIpv6(text);
    return value === undefined ? undefined : { version: 6, value };
  }
  const value = parseIpv4(text, false);
  return value === undefined ? undefined : { version: 4, value };
}

/**
 * Parses a dotted-quad IPv4 address that may carry leading zeros, read as
 * decimal (neutron's netaddr ZEROFILL), so its canonical form can be suggested.
 */
export function parseIpv4Lenient(text: string): bigint | undefined {
  return parseIpv4(text, true);
}

function parseIpv4(text: string, zeroFill: boolean): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (zeroFill ? !/^\d{1,3}$/.test(part) : !ipv4Part.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = (value << 8n) | BigInt(octet);
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (half: string): number[] | undefined => {
    if (half === '') return [];
    const groups: number[] = [];
    const parts = half.split(':');
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      if (i === parts.length - 1 && part.includes('.')) {
        const v4 = parseIpv4(part, false);
        if (v4 === undefined) return undefined;
        groups.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (hexGroup.test(part)) {
        groups.push(parseInt(part, 16));
      } else {
        return undefined;
      }
    }
    return groups;
  };
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  if (head === undefined || tail === undefined) return undefined;
  // A dotted tail is only allowed at the very end of the address.
  if (halves.length === 2 && halves[0]!.includes('.')) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  return groups.reduce((value, group) => (value << 16n) | BigInt(group), 0n);
}

/**
 * The canonical text of an address: dotted quad for IPv4; for IPv6 lower
 * case with the longest run (two groups or more) of zero groups compressed,
 * and IPv4-mapped/compatible addresses with a dotted tail, as inet_ntop and
 * neutron's netaddr print them.
 */
export function formatIpAddress(ip: IpAddress): string {
  return ip.version === 4 ? formatIpv4(ip.value) : formatIpv6(ip.value);
}

function formatIpv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
}

function formatIpv6(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  if (bestLength < 2) bestStart = -1;
  const dottedTail = bestStart === 0 && (bestLength === 6 || (bestLength === 5 && groups[5] === 0xffff));
  const hex = (from: number, to: number): string[] => groups.slice(from, to).map((g) => g.toString(16));
  if (dottedTail) {
    const prefix = bestLength === 5 ? '::ffff:' : '::';
    return prefix + formatIpv4(value & 0xffffffffn);
  }
  if (bestStart < 0) return hex(0, 8).join(':');
  return `${hex(0, bestStart).join(':')}::${hex(bestStart + bestLength, 8).join(':')}`;
}

/** Parses and re-prints an address; undefined if it is not one. */
export function canonicalIpAddress(text: string): string | undefined {
  const ip = parseIpAddress(text);
  return ip === undefined ? undefined : formatIpAddress(ip);
}

export function ipAddress(version: IpVersion, value: bigint): IpAddress {
  return { version, value };
}

/** Orders addresses, IPv4 before IPv6. */
export function compareIpAddresses(a: IpAddress, b: IpAddress): number {
  if (a.version !== b.version) return a.version - b.version;
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}
