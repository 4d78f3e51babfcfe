export { discover, refresh, Discovery, type DiscoveryOptions } from './discovery.js';
export type { EntryPoint, PackageInfo } from './entry-point.js';
export type { SkippedPackage, ShadowedPackage } from './scan.js';
export type { SearchPathOptions } from './search-paths.js';
export { selectEntryPoints, type ConflictPolicy, type SelectionOptions, type Selection, type Rejection } from './select.js';
export { loadEntryPoint } from './load-entry-point.js';
export { Extension } from './extension.js';
export {
  ExtensionManager,
  type ManagerOptions,
  type TestInstanceOptions,
  type LoadFailure,
  type LoadFailureCallback,
  type LoaderLogger,
} from './managers/extension-manager.js';
export { NamedExtensionManager, type NamedManagerOptions } from './managers/named-extension-manager.js';
export { EnabledExtensionManager, type EnabledManagerOptions } from './managers/enabled-extension-manager.js';
export { DispatchExtensionManager, NameDispatchExtensionManager, type DispatchManagerOptions } from './managers/dispatch-extension-manager.js';
export { DriverManager, type DriverManagerOptions } from './managers/driver-manager.js';
export { HookManager, type HookManagerOptions } from './managers/hook-manager.js';
export { loadByAliasOrSpec, loadSpec, type AliasOrSpecOptions } from './load-by-alias-or-spec.js';
export { listEntryPoints, type EntryPointReport, type ListOptions } from './list-entry-points.js';
export { satisfies } from './semver.js';
export {
  EntryPointError,
  PackageReadError,
  ManifestParseError,
  InvalidEntryPointsError,
  ModuleNotFoundError,
  ModuleImportError,
  ExportNotFoundError,
  InvokeError,
  NoMatchesError,
  MultipleMatchesError,
  AmbiguousEntryPointError,
  DuplicateEntryPointError,
  IncompatibleHostError,
  PackageDeniedError,
  ShadowedPackageError,
  AliasOrSpecError,
  isEntryPointError,
  type Phase,
  type ErrorContext,
} from './errors.js';
