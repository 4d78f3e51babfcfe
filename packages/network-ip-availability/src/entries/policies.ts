// The net_server.policies entry point: get_network_ip_availability.
export { networkIpAvailabilityPolicies as policies } from '../api/policies.js';
