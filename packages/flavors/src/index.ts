export { FlavorsPlugin, type FlavorUser } from './plugin/flavors-plugin.js';
export { FLAVORS_EXTENSION, FLAVORS_SERVICE_TYPE, flavorsExtensions } from './api/definitions.js';
export { flavorsPolicies } from './api/policies.js';
export { migrations } from './db/migrations.js';
export type { BindingRow, FlavorRow, FlavorsTables, ServiceProfileRow } from './db/schema.js';
export type { NextProvider } from './plugin/flavor-bindings.js';
export type { ServiceProviderEntry } from './plugin/service-providers.js';
export {
  FlavorDisabled,
  FlavorInUse,
  FlavorNotFound,
  FlavorServiceProfileBindingExists,
  FlavorServiceProfileBindingNotFound,
  ServiceProfileDisabled,
  ServiceProfileDriverNotFound,
  ServiceProfileEmpty,
  ServiceProfileInUse,
  ServiceProfileNotFound,
} from './errors.js';
