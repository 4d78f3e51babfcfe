// The net_server.policies entry point: neutron Zed's auto-allocated topology rules.
export { autoAllocatePolicies as policies } from '../api/policies.js';
