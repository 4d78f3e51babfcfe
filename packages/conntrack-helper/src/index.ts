export { ConntrackHelperPlugin } from './plugin/conntrack-helper-plugin.js';
export { CONNTRACK_HELPER_SERVICE_TYPE, EXPOSE_L3_CONNTRACK_HELPER, L3_CONNTRACK_HELPER, conntrackHelperExtensions } from './api/definitions.js';
export { conntrackHelperPolicies } from './api/policies.js';
export { allowedConntrackHelpers, conntrackHelperOptionGroups } from './config/options.js';
export { migrations } from './db/migrations.js';
export type { ConntrackHelperRow, ConntrackHelperTables } from './db/schema.js';
export { CONNTRACK_HELPER_RESOURCE, CONNTRACK_HELPER_VERSION } from './rpc/versioned-conntrack-helper.js';
export { ConntrackHelperNotAllowed, ConntrackHelperNotFound, InvalidProtocolForHelper } from './errors.js';
