// The net_server.policies entry point: neutron Zed's network segment range rules.
export { networkSegmentRangePolicies as policies } from '../api/policies.js';
