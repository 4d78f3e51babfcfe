export { IP_BITS, canonicalIpAddress, compareIpAddresses, formatIpAddress, ipAddress, parseIpAddress, parseIpv4Lenient } from './ip-address.js';
export type { IpAddress, IpVersion } from './ip-address.js';
export { canonicalCidr, cidrContains, cidrNetwork, cidrSize, cidrsOverlap, firstAddress, formatCidr, hasHostBits, lastAddress, parseCidr } from './cidr.js';
export type { Cidr } from './cidr.js';
export {
  defaultAllocationPools,
  excludeAddress,
  firstFreeAddress,
  formatIpRange,
  ipRange,
  iterateRange,
  rangeContains,
  rangeSize,
  rangeWithinCidr,
  rangesOverlap,
} from './ip-range.js';
export type { IpRange } from './ip-range.js';
export { formatMacAddress, parseMacAddress, randomMacAddress } from './mac-address.js';
