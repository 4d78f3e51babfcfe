// The net_server.policies entry point: admin-only segments.
export { segmentPolicies as policies } from '../api/policies.js';
