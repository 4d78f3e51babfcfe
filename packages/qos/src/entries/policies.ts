// The net_server.policies entry point: neutron's QoS policy rules.
export { qosPolicies as policies } from '../api/policies.js';
