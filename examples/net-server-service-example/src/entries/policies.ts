// The net_server.policies entry point: the labels API's rules.
export { networkLabelPolicies as policies } from '../policies.js';
