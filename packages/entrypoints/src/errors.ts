/**
 * Every failure the loader reports is an EntryPointError with a stable
 * `code` and the coordinates a plugin author needs to find the fault: the
 * namespace and entry, the package, its version, the file, and the phase in
 * which it failed.
 */
export type Phase = 'read' | 'parse' | 'resolve' | 'import' | 'invoke' | 'select';

export interface ErrorContext {
  namespace?: string;
  entry?: string;
  package?: string;
  version?: string;
  file?: string;
}

export abstract class EntryPointError extends Error implements ErrorContext {
  abstract readonly code: string;
  abstract readonly phase: Phase;
  readonly namespace?: string;
  readonly entry?: string;
  readonly package?: string;
  readonly version?: string;
  readonly file?: string;
  /** The message without the coordinates appended to `message`. */
  readonly reason: string;

  constructor(message: string, context: ErrorContext = {}, options?: { cause?: unknown }) {
    super(withContext(message, context), options);
    this.name = new.target.name;
    this.reason = message;
    Object.assign(this, stripUndefined(context));
  }

  /** The coordinates this error was raised with. */
  context(): ErrorContext {
    const { namespace, entry, package: pkg, version, file } = this;
    return stripUndefined({ namespace, entry, package: pkg, version, file });
  }
}

function withContext(message: string, context: ErrorContext): string {
  const where: string[] = [];
  if (context.package) where.push(context.version ? `${context.package}@${context.version}` : context.package);
  if (context.namespace) where.push(context.entry ? `${context.namespace}:${context.entry}` : context.namespace);
  if (context.file) where.push(context.file);
  return where.length > 0 ? `${message} (${where.join(', ')})` : message;
}

function stripUndefined(context: ErrorContext): ErrorContext {
  return Object.fromEntries(Object.entries(context).filter(([, value]) => value !== undefined));
}

/** package.json could not be read (permissions, a dangling link). */
export class PackageReadError extends EntryPointError {
  readonly code = 'EP_PACKAGE_READ';
  readonly phase = 'read';
}

/** package.json is not valid JSON, or lacks a name. */
export class ManifestParseError extends EntryPointError {
  readonly code = 'EP_MANIFEST_PARSE';
  readonly phase = 'parse';
}

/** The `entryPoints` field does not have the documented shape. */
export class InvalidEntryPointsError extends EntryPointError {
  readonly code = 'EP_INVALID_ENTRY_POINTS';
  readonly phase = 'parse';
}

/** The module part of `module:export` names no file of the package. */
export class ModuleNotFoundError extends EntryPointError {
  readonly code = 'EP_MODULE_NOT_FOUND';
  readonly phase = 'resolve';
}

/** Importing the module threw. */
export class ModuleImportError extends EntryPointError {
  readonly code = 'EP_MODULE_IMPORT';
  readonly phase = 'import';
}

/** The module imported but has no such export. */
export class ExportNotFoundError extends EntryPointError {
  readonly code = 'EP_EXPORT_NOT_FOUND';
  readonly phase = 'import';
}

/** invokeOnLoad: calling or constructing the plugin threw. */
export class InvokeError extends EntryPointError {
  readonly code = 'EP_INVOKE';
  readonly phase = 'invoke';
}

/** No entry point matched (stevedore's NoMatches). */
export class NoMatchesError extends EntryPointError {
  readonly code = 'EP_NO_MATCHES';
  readonly phase = 'select';
}

/** Several packages answer to one name; `candidates` describes each. */
export abstract class AmbiguousEntryPointError extends EntryPointError {
  readonly phase = 'select';
  constructor(
    message: string,
    context: ErrorContext,
    readonly candidates: readonly string[],
  ) {
    super(message, context);
  }
}

/** A DriverManager found several candidates (stevedore's MultipleMatches). */
export class MultipleMatchesError extends AmbiguousEntryPointError {
  readonly code = 'EP_MULTIPLE_MATCHES';
}

/** Two packages declare one name in a namespace under the `error` policy. */
export class DuplicateEntryPointError extends AmbiguousEntryPointError {
  readonly code = 'EP_DUPLICATE';
}

/** The plugin was built for a host API range the running host does not satisfy. */
export class IncompatibleHostError extends EntryPointError {
  readonly code = 'EP_INCOMPATIBLE_HOST';
  readonly phase = 'select';
}

/** The package is excluded by the host's allow or deny list. */
export class PackageDeniedError extends EntryPointError {
  readonly code = 'EP_PACKAGE_DENIED';
  readonly phase = 'select';
}

/** The package is a second copy that Node would not resolve from the root. */
export class ShadowedPackageError extends EntryPointError {
  readonly code = 'EP_SHADOWED';
  readonly phase = 'select';
}

/** `loadByAliasOrSpec`: neither an alias nor an importable spec. */
export class AliasOrSpecError extends EntryPointError {
  readonly code = 'EP_ALIAS_OR_SPEC';
  readonly phase = 'resolve';
  constructor(
    message: string,
    context: ErrorContext,
    readonly aliasError: unknown,
    readonly specError: unknown,
  ) {
    super(message, context);
  }
}

export function isEntryPointError(error: unknown): error is EntryPointError {
  return error instanceof EntryPointError;
}
