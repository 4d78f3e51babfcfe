export { AddressScopePlugin } from './plugin/address-scope-plugin.js';
export { addressScopes } from './plugin/address-scopes.js';
export {
  ADDRESS_SCOPE,
  ADDRESS_SCOPE_ID,
  ADDRESS_SCOPE_SERVICE_TYPE,
  IPV4_ADDRESS_SCOPE,
  IPV6_ADDRESS_SCOPE,
  RBAC_ADDRESS_SCOPE,
  addressScopeExtensions,
} from './api/definitions.js';
export { addressScopePolicies } from './api/policies.js';
export { migrations } from './db/migrations.js';
export type { AddressScopeRow, AddressScopeTables } from './db/schema.js';
export * from './errors.js';
