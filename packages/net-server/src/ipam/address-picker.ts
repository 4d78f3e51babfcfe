import { randomInt } from 'node:crypto';
import { iterateRange, type IpAddress, type IpRange } from '@net-server/lib';

/** neutron's neutrondb IPAM MAX_WIN: how many free addresses to pick among at random. */
const WINDOW = 1000;

/**
 * A free address of the pools, chosen at random among the first free ones
 * (neutron's internal IPAM does the same): processes allocating on one
 * subnet at once then rarely pick the same address, so fewer of them lose
 * the insert race and retry. With `lowest`, the first free address
 * (neutron's PreferNextAddressRequest, which DHCP ports get). Undefined
 * when the pools are exhausted.
 */
export function pickFreeAddress(ranges: readonly IpRange[], used: ReadonlySet<bigint>, lowest = false): IpAddress | undefined {
  const candidates: IpAddress[] = [];
  const window = lowest ? 1 : WINDOW;
  // Walking past the used addresses is enough to see a full window of free ones.
  const limit = used.size + window;
  let tried = 0;
  walk: for (const range of ranges) {
    for (const ip of iterateRange(range)) {
      if (tried++ >= limit || candidates.length >= window) break walk;
      if (!used.has(ip.value)) candidates.push(ip);
    }
  }
  if (candidates.length === 0) return undefined;
  return candidates[randomInt(candidates.length)];
}
