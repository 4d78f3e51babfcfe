// The net_server.policies entry point: neutron Zed's trunk rules.
export { trunkPolicies as policies } from '../api/policies.js';
