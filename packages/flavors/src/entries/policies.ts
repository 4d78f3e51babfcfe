// The net_server.policies entry point: neutron Zed's flavor and service profile rules.
export { flavorsPolicies as policies } from '../api/policies.js';
