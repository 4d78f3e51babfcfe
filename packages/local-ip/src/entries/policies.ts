// The net_server.policies entry point: neutron Zed's local IP and local IP association rules.
export { localIpPolicies as policies } from '../api/policies.js';
