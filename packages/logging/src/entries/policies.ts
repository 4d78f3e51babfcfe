// The net_server.policies entry point: neutron Zed's logging rules.
export { loggingPolicies as policies } from '../api/policies.js';
