// The net_server.policies entry point: neutron Zed's port forwarding rules.
export { portForwardingPolicies as policies } from '../api/policies.js';
