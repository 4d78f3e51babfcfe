// The net_server.policies entry point: neutron Zed's address scope rules.
export { addressScopePolicies as policies } from '../api/policies.js';
