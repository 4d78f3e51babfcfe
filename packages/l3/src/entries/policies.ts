// The net_server.policies entry point: neutron's router, floating IP and L3 agent scheduler rules.
export { l3Policies as policies } from '../api/policies.js';
