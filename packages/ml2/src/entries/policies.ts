// The net_server.policies entry point: neutron's security group, agent and availability zone rules.
export { ml2Policies as policies } from '../api/policies.js';
