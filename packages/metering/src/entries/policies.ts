// The net_server.policies entry point: neutron Zed's metering rules.
export { meteringPolicies as policies } from '../api/policies.js';
