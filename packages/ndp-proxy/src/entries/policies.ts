// The net_server.policies entry point: neutron Zed's NDP proxy rules.
export { ndpProxyPolicies as policies } from '../api/policies.js';
