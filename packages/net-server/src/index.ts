// Configuration
export { Config, NoSuchOptionError, type CliOverride, type ConfigSources, type OptionValueReport } from './config/config.js';
export { loadConfig, type LoadConfigOptions } from './config/load-config.js';
export { OptionRegistry, InvalidOptionDeclarationError, type RegisteredOption } from './config/option-registry.js';
export { discoverOptions, CONFIG_OPTS_NAMESPACE } from './config/option-discovery.js';
export { parseIni, type IniFile, type IniValue } from './config/ini-parser.js';
export { findDefaultConfigFiles, defaultConfigDirs, readConfigFiles, type ConfigFileSelection } from './config/config-files.js';
export { parseCliOverrides } from './config/cli-overrides.js';
export { generateSample } from './config/sample.js';
export {
  ConfigError,
  ConfigFileError,
  ConfigValueError,
  ConfigRequiredError,
  ConfigInterpolationError,
  ConfigUsageError,
  ConfigProblemsError,
  DuplicateOptionError,
  PluginOptionError,
  type ValueOrigin,
} from './config/errors.js';
export { coreOptions, serviceOptions, messagingOptions, databaseOptions, statePathOption } from './config/server-options.js';
export { loggingOptions } from './config/logging-options.js';
export { LogFileUnusableError, SyslogUnavailableError } from './logging/errors.js';

// Storage
export { Database, type DatabaseOptions } from './db/database.js';
export { sqliteDriverNames, type SqliteDriver, type SqliteDriverChoice, type SqliteDriverName } from './db/sqlite-driver.js';
// kysely's `sql` tag from the copy built into this package: a plugin's raw
// SQL runs through the same query layer as the server's own.
export { sql } from 'kysely';
export { openDatabase } from './db/open-database.js';
export { parseConnectionUrl, maskPassword, type ConnectionTarget, type MysqlTarget } from './db/connection-url.js';
export { dialectOf, insertSkippingDuplicates, upsertRow } from './db/portable-insert.js';
export type { Migration, MigrationContext, MigrationSchema, MigrationSet, Dialect } from './db/migration.js';
export { Migrator, VERSION_TABLE, type AppliedMigration, type PackageMigrationState, type UpgradeResult } from './db/migrator.js';
export { discoverMigrations, MIGRATIONS_NAMESPACE, type MigrationDiscoveryOptions } from './db/migration-discovery.js';
export { assertDatabaseCurrent } from './db/assert-database-current.js';
export {
  DatabaseError,
  InvalidConnectionUrlError,
  MigrationDefinitionError,
  MigrationFailedError,
  MysqlSchemaError,
  UpgradeLockLostError,
  DatabaseNotCurrentError,
  NeutronDatabaseError,
  SqliteDriverError,
  type DatabaseLocation,
  type PartialMigration,
} from './db/errors.js';

// Plugins
export { NeutronManager, type ManagerOptions, type PreLoadCheck, type PostLoadCheck } from './manager/neutron-manager.js';
export { DEFAULT_SERVICE_PLUGINS, configuredPluginPackages } from './manager/configured-plugins.js';
export { PluginDirectory, CORE } from './manager/plugin-directory.js';
export type { PluginInit } from './manager/plugin-init.js';
export { CORE_PLUGINS_NAMESPACE, SERVICE_PLUGINS_NAMESPACE } from './manager/plugin-loader.js';
export {
  ManagerError,
  PluginValidationError,
  PluginNotFoundError,
  InvalidPluginError,
  ServiceTypeConflictError,
  ResourceConflictError,
} from './manager/errors.js';
export type { PluginSource } from './plugin-source.js';

// Command line
export { main } from './cli/main.js';
export type { CliIo } from './cli/cli-io.js';
export { ExitCode } from './cli/exit-codes.js';

// REST API
export * from './api/index.js';

// DB base plugin and IPAM
export { DbBasePlugin, type DbBasePluginOptions } from './db-base-plugin/db-base-plugin.js';
export { HookRegistry, type CoreResourceName } from './db-base-plugin/hooks.js';
export { requireCoreCapabilities, UnsupportedCorePluginError, type CoreCapabilities, type CoreCapability } from './db-base-plugin/core-capabilities.js';
export { serveAgentObjects, type AgentObjects } from './manager/agent-objects.js';
export type { Session } from './db-base-plugin/session.js';
export { TransactionRunner, MAX_DB_RETRIES, DB_CONNECTION_RETRY_MS, type TransactionRunnerOptions } from './db-base-plugin/transaction-runner.js';
export { isRetriableDbError, isDbConnectionError } from './db-base-plugin/retriable-error.js';
export type { CoreTables, CoreSchema, CoreDb, NetworkRbacsTable, TagsTable } from './db-base-plugin/schema.js';
export { resourceTags } from './db-base-plugin/tags.js';
export { bumpRevision, newStandardColumns, revisionBump, standardAttributes } from './db-base-plugin/standard-attributes.js';
export type { BasePluginSettings } from './db-base-plugin/settings.js';
export { DatabaseRequiredError, DatabaseUnavailable, DatabaseCommitInterrupted } from './db-base-plugin/errors.js';
export { coreMigrations, sharedColumnToRbacEntries } from './db-base-plugin/migrations.js';
// Network RBAC (neutron's rbac-policies on networks): the entries, what a service plugin adds to them, the errors
export {
  NetworkRbacPolicies,
  type NetworkRbacAction,
  type NetworkRbacEntry,
  type RbacCreateCheck,
} from './db-base-plugin/network-rbac/network-rbac-policies.js';
export { ACCESS_EXTERNAL, ACCESS_SHARED, WILDCARD, grantToAll, revokeFromAll, targetsOf } from './db-base-plugin/network-rbac/network-rbac-entries.js';
export {
  DuplicateRbacPolicy,
  InvalidActionForType,
  RbacPolicyInitError,
  RbacPolicyInUse,
  RbacPolicyNotFound,
} from './db-base-plugin/network-rbac/rbac-errors.js';
// Other object types' entries (security groups, ...): what their owning package registers, and the queries it shows its objects with
export { objectsSharedWith, sharedWith, type RbacEntryRow, type RbacObjectType } from './db-base-plugin/network-rbac/rbac-object-type.js';
export { SUBNETPOOL_RBAC_TABLE } from './db-base-plugin/subnetpool-rbac.js';
// Nova notifications (neutron's notifiers/nova.py): the core plugin's notifier, and how a service plugin finds it
export { NovaNotifier, novaNotifierOf, type NovaNotifierOptions, type PortLike, type FloatingIpLike } from './notifiers/nova-notifier.js';
export type { NovaEvent, NovaEventName, NovaEventSender, NovaEventsReply } from './notifiers/nova-client.js';
export { NovaNotifierError, NovaAuthConfigError } from './notifiers/errors.js';
export { novaOptionGroups } from './notifiers/nova-options.js';
export { eui64Address } from './ipam/eui64.js';

// The resource kit: one way to write a resource (see README, "The resource kit")
export { ResourceEngine, type ResourceEngineOptions, type Transactions } from './resource-kit/resource-engine.js';
export { ResourceHookChain, type ResourceHooks } from './resource-kit/resource-hooks.js';
export { SubresourceEngine, type SubresourceEngineOptions } from './resource-kit/subresource-engine.js';
export { ResourceStore } from './resource-kit/resource-store.js';
export { rbacSharing } from './resource-kit/rbac-sharing.js';
export type { TableResource, Visibility, StandardColumns } from './resource-kit/table-resource.js';
export { byIds, type ResourceOps, type RowFilter, type RowPage } from './resource-kit/resource-ops.js';
export { applyListOptions, selectFields, type FilterMatchers } from './resource-kit/list-options.js';
export { selectRows } from './resource-kit/select-rows.js';
export {
  given,
  givenBoolean,
  givenInteger,
  givenList,
  givenString,
  givenStrings,
  owningProject,
  unwrapBody,
  type RequestBody,
} from './resource-kit/request-body.js';

// Workers and the process launcher (net-server start)
export { RpcWorker, RpcReportsWorker } from './service/rpc-worker.js';
export { AllServicesWorker } from './service/all-services-worker.js';
export { PeriodicWorker } from './service/periodic-worker.js';
export { ApiWorker } from './service/api-worker.js';
export type { ApiApp, ApiAppFactory, ApiAppInit } from './service/api-app.js';
export { getRpcWorkers, getPluginsWorkers, planAllWorkers, type PlannedService, type WorkerPlan } from './service/all-workers.js';
export { workerCounts, type WorkerCounts } from './service/worker-counts.js';
export { ServerEnvironment, type EnvironmentRef, type EnvironmentSource, type SchemaPolicy } from './service/server-environment.js';
export { NetServer, type NetServerOptions, type ServicePlanner } from './service/net-server.js';
export { ProcessLauncher, type ProcessLauncherOptions } from './launcher/process-launcher.js';
export { ServiceLauncher } from './launcher/service-launcher.js';
export { startAllWorkers, type ChildCommand, type StartedWorkers } from './launcher/start-all-workers.js';
export { ServiceStartError, ServiceDiedError, ChildCommandMissingError } from './launcher/errors.js';
