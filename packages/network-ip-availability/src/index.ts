export { NetworkIpAvailabilityPlugin } from './plugin/network-ip-availability-plugin.js';
export type { IpCount, NetworkIpAvailability, SubnetIpAvailability } from './plugin/ip-availability-query.js';
export { NETWORK_IP_AVAILABILITY, NETWORK_IP_AVAILABILITY_TYPE, networkIpAvailabilityExtensions } from './api/definitions.js';
export { networkIpAvailabilityPolicies } from './api/policies.js';
