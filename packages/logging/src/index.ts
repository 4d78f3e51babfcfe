export { LoggingPlugin } from './plugin/logging-plugin.js';
export { ACCEPT_EVENT, ALL_EVENT, DROP_EVENT, LOG_EVENTS, LOG_SERVICE_TYPE, LOGGING, loggingExtensions } from './api/definitions.js';
export { loggingPolicies } from './api/policies.js';
export { migrations } from './db/migrations.js';
export type { LoggingTables, LogRow } from './db/schema.js';
export { OPENVSWITCH_LOG_DRIVER, loadedLogDrivers, portSupportsLogType, supportedLoggingTypes, type LogDriver } from './drivers/log-drivers.js';
export {
  InvalidLogResourceType,
  InvalidResourceConstraint,
  LoggingTypeNotSupported,
  LogResourceNotFound,
  ResourceNotFound,
  TargetResourceNotFound,
} from './errors.js';
