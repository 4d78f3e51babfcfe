import { IP_BITS, firstAddress, lastAddress, type Cidr, type IpVersion } from '@net-server/lib';

/** The fewest CIDRs covering exactly first..last. */
export function rangeToCidrs(version: IpVersion, first: bigint, last: bigint): Cidr[] {
  const bits = IP_BITS[version];
  const cidrs: Cidr[] = [];
  let at = first;
  while (at <= last) {
    // The largest aligned block starting at `at` that does not pass `last`.
    let size = 0;
    while (size < bits && (at & ((1n << BigInt(size + 1)) - 1n)) === 0n && at + (1n << BigInt(size + 1)) - 1n <= last) size++;
    cidrs.push({ version, address: at, prefixLength: bits - size });
    at += 1n << BigInt(size);
  }
  return cidrs;
}

/**
 * Merges overlapping and adjacent prefixes into the fewest CIDRs (netaddr's
 * IPSet.compact, which neutron applies to a subnet pool's prefixes).
 */
export function compactPrefixes(prefixes: readonly Cidr[]): Cidr[] {
  const spans = prefixes
    .map((cidr) => ({ version: cidr.version, first: firstAddress(cidr).value, last: lastAddress(cidr).value }))
    .sort((a, b) => a.version - b.version || (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  const merged: typeof spans = [];
  for (const span of spans) {
    const previous = merged[merged.length - 1];
    if (previous && previous.version === span.version && span.first <= previous.last + 1n) {
      if (span.last > previous.last) previous.last = span.last;
    } else {
      merged.push({ ...span });
    }
  }
  return merged.flatMap((span) => rangeToCidrs(span.version, span.first, span.last));
}

/** The addresses of `prefixes` that none of `removed` holds, as the fewest CIDRs (netaddr's IPSet difference). */
export function subtractPrefixes(prefixes: readonly Cidr[], removed: readonly Cidr[]): Cidr[] {
  let spans = compactPrefixes(prefixes).map((cidr) => ({ version: cidr.version, first: firstAddress(cidr).value, last: lastAddress(cidr).value }));
  for (const cut of removed) {
    const first = firstAddress(cut).value;
    const last = lastAddress(cut).value;
    spans = spans.flatMap((span) => {
      if (span.version !== cut.version || last < span.first || first > span.last) return [span];
      const pieces: typeof spans = [];
      if (first > span.first) pieces.push({ ...span, last: first - 1n });
      if (last < span.last) pieces.push({ ...span, first: last + 1n });
      return pieces;
    });
  }
  return spans.flatMap((span) => rangeToCidrs(span.version, span.first, span.last));
}

/**
 * The first block of `prefixLength` inside `pools` that overlaps none of
 * `allocated` (neutron's SubnetAllocator for an any-subnet request).
 */
export function firstFreePrefix(pools: readonly Cidr[], allocated: readonly Cidr[], prefixLength: number): Cidr | undefined {
  for (const pool of pools) {
    if (pool.prefixLength > prefixLength) continue;
    const size = 1n << BigInt(IP_BITS[pool.version] - prefixLength);
    const end = lastAddress(pool).value;
    const taken = allocated.filter((cidr) => cidr.version === pool.version).map((cidr) => ({ first: firstAddress(cidr).value, last: lastAddress(cidr).value }));
    let at = firstAddress(pool).value;
    while (at + size - 1n <= end) {
      const blockLast = at + size - 1n;
      const clash = taken.find((span) => span.first <= blockLast && at <= span.last);
      if (!clash) return { version: pool.version, address: at, prefixLength };
      // Jump past the clash, to the next aligned block.
      at = ((clash.last + 1n + size - 1n) / size) * size;
    }
  }
  return undefined;
}
