import { randomInt } from 'node:crypto';
import { rangeSize, type IpAddress, type IpRange } from '@net-server/lib';

/** The first window's size: neutron's neutrondb IPAM MAX_WIN, as pickFreeAddress's. */
const FIRST_WINDOW = 1000;
/** Each window is this many times the previous one, so that a few cover a /16 pool. */
const GROWTH = 4;
/** How many windows are drawn from; past the last one the caller reads every allocation. */
const MAX_WINDOWS = 6;
/** Addresses drawn per window: enough that a window a quarter free still yields one almost always (1 - 0.75^8 = 90%). */
const PER_WINDOW = 8;

/**
 * Random addresses to try for a new allocation, by window: the first drawn
 * from the pools' first 1,000 addresses, each next one from a window four
 * times as large, up to the pools' size. Checking only these against the
 * allocations (one `ip_address in (...)` query) and taking a free one of
 * the smallest window keeps neutron's "random among the first free
 * addresses" without reading every allocation of the subnet, which made
 * each create cost O(ports on the subnet). A concurrent allocation of the
 * same address is still caught by the insert's primary key and retried.
 */
export function candidateWindows(ranges: readonly IpRange[]): IpAddress[][] {
  const total = ranges.reduce((sum, range) => sum + rangeSize(range), 0n);
  const windows: IpAddress[][] = [];
  const seen = new Set<bigint>();
  let size = BigInt(FIRST_WINDOW);
  for (let level = 0; level < MAX_WINDOWS && total > 0n; level++) {
    const window = size < total ? size : total;
    const drawn: IpAddress[] = [];
    for (let i = 0; i < PER_WINDOW; i++) {
      const ip = addressAt(ranges, BigInt(randomInt(Number(window))));
      if (ip !== undefined && !seen.has(ip.value)) {
        seen.add(ip.value);
        drawn.push(ip);
      }
    }
    windows.push(drawn);
    if (window === total) break;
    size *= BigInt(GROWTH);
  }
  return windows;
}

/** A free candidate of the smallest window that has one, chosen at random; undefined when all are taken. */
export function freeCandidate(windows: readonly (readonly IpAddress[])[], taken: ReadonlySet<bigint>): IpAddress | undefined {
  for (const window of windows) {
    const free = window.filter((ip) => !taken.has(ip.value));
    if (free.length > 0) return free[randomInt(free.length)];
  }
  return undefined;
}

/** The address `offset` places into the pools, taken one after the other (undefined past their end). */
function addressAt(ranges: readonly IpRange[], offset: bigint): IpAddress | undefined {
  let rest = offset;
  for (const range of ranges) {
    const size = rangeSize(range);
    if (rest < size) return { version: range.version, value: range.first + rest };
    rest -= size;
  }
  return undefined;
}
