import { randomBytes } from 'node:crypto';

/**
 * MAC addresses in the notations neutron accepts through netaddr:
 * fa:16:3e:00:00:01, FA-16-3E-00-00-01, fa:16:3e:0:0:1, fa163e000001,
 * fa16.3e00.0001 and fa163e:000001. Parsed to a 48-bit bigint.
 */
const notations: readonly RegExp[] = [
  /^([0-9a-f]{1,2})[:-]([0-9a-f]{1,2})[:-]([0-9a-f]{1,2})[:-]([0-9a-f]{1,2})[:-]([0-9a-f]{1,2})[:-]([0-9a-f]{1,2})$/i,
  /^([0-9a-f]{4})\.([0-9a-f]{4})\.([0-9a-f]{4})$/i,
  /^([0-9a-f]{6})[:-]([0-9a-f]{6})$/i,
  /^([0-9a-f]{12})$/i,
];

export function parseMacAddress(text: string): bigint | undefined {
  for (const notation of notations) {
    const match = notation.exec(text);
    if (match === null) continue;
    const groups = match.slice(1);
    const width = 48 / groups.length;
    // Mixed separators (fa:16-3e...) are not one notation.
    if (groups.length === 6 && new Set(text.replace(/[0-9a-f]/gi, '')).size !== 1) return undefined;
    return groups.reduce((value, group) => (value << BigInt(width)) | BigInt(`0x${group}`), 0n);
  }
  return undefined;
}

/** The lower-case colon form neutron stores: fa:16:3e:00:00:01. */
export function formatMacAddress(value: bigint): string {
  return Array.from({ length: 6 }, (_, i) => ((value >> BigInt(40 - 8 * i)) & 0xffn).toString(16).padStart(2, '0')).join(':');
}

/**
 * A random MAC on `baseMac` (neutron's get_random_mac): the first three
 * octets are kept, the fourth too unless it is 00, the rest are random.
 */
export function randomMacAddress(baseMac: string): string {
  const base = baseMac.split(':');
  const random = randomBytes(3);
  const octets = [
    parseInt(base[0] ?? '0', 16),
    parseInt(base[1] ?? '0', 16),
    parseInt(base[2] ?? '0', 16),
    base[3] !== undefined && base[3] !== '00' ? parseInt(base[3], 16) : random[0]!,
    random[1]!,
    random[2]!,
  ];
  return octets.map((octet) => octet.toString(16).padStart(2, '0')).join(':');
}
