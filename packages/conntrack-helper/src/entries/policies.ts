// The net_server.policies entry point: neutron Zed's conntrack helper rules.
export { conntrackHelperPolicies as policies } from '../api/policies.js';
