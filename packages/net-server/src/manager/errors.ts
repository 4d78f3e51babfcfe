import { AliasOrSpecError, NoMatchesError } from '@net-server/entrypoints';
import { didYouMean } from '@net-server/lib';

/**
 * Errors of plugin loading. Configuration problems (no core plugin, two
 * plugins for one service, a plugin name that is not installed) make the
 * CLI exit 2; a plugin that breaks while starting makes it exit 1.
 */
export abstract class ManagerError extends Error {
  abstract readonly code: string;
  /** True when fixing the configuration or the installed packages is the remedy. */
  abstract readonly configProblem: boolean;
}

/** A pre- or post-load validation hook rejected the configuration. */
export class PluginValidationError extends ManagerError {
  readonly code = 'PLUGIN_VALIDATION_FAILED';
  readonly configProblem = true;

  constructor(
    readonly stage: 'pre-load' | 'post-load',
    problems: readonly string[],
  ) {
    super(`plugin configuration is invalid (${stage} check): ${problems.join('; ')}`);
    this.name = 'PluginValidationError';
  }
}

/** A configured plugin name that is no installed alias and no importable spec. */
export class PluginNotFoundError extends ManagerError {
  readonly code = 'PLUGIN_NOT_FOUND';
  readonly configProblem = true;

  constructor(
    readonly namespace: string,
    readonly provider: string,
    option: string,
    cause: unknown,
    /** The names installed packages provide in `namespace`, for "did you mean". */
    installed: readonly string[],
    /** Where the option was set (`file:line`), when known. */
    setIn?: string,
  ) {
    const where = setIn === undefined ? '' : `${setIn}: `;
    // A plain name that no package provides is most likely a typo: say so briefly. Anything
    // else (a broken package, a module:export spec) needs the loader's full reason.
    const missingAlias = cause instanceof AliasOrSpecError && cause.aliasError instanceof NoMatchesError && !provider.includes(':');
    const reason = missingAlias
      ? `no installed package provides "${provider}".${didYouMean(provider, installed)} Installed: ${installed.length > 0 ? installed.join(', ') : 'none'}`
      : cause instanceof Error
        ? cause.message
        : String(cause);
    super(
      `${where}cannot load ${option} = ${provider}: ${reason}. ` +
        `Install the package that provides it, or fix ${option}; \`net-server plugins ${namespace}\` lists what is installed.`,
      { cause },
    );
    this.name = 'PluginNotFoundError';
  }
}

/** A plugin export or instance that does not fulfil its contract. */
export class InvalidPluginError extends ManagerError {
  readonly code = 'PLUGIN_INVALID';
  readonly configProblem = false;

  constructor(provider: string, problem: string, cause?: unknown) {
    super(`plugin ${provider} ${problem}. Report this to the plugin's authors or use another version.`, { cause });
    this.name = 'InvalidPluginError';
  }
}

/** Two different plugins configured for one service type. */
export class ServiceTypeConflictError extends ManagerError {
  readonly code = 'PLUGIN_SERVICE_TYPE_CONFLICT';
  readonly configProblem = true;

  constructor(
    readonly serviceType: string,
    readonly first: string,
    readonly second: string,
  ) {
    super(`multiple plugins for service ${serviceType} were configured: ${first} and ${second}. ` + 'Keep only one of them in service_plugins.');
    this.name = 'ServiceTypeConflictError';
  }
}

/** Two plugins that both serve one API resource collection. */
export class ResourceConflictError extends ManagerError {
  readonly code = 'PLUGIN_RESOURCE_CONFLICT';
  readonly configProblem = true;

  constructor(resource: string, first: string, second: string) {
    super(`the API resource ${resource} is served by both ${first} and ${second}. Remove one of them from service_plugins.`);
    this.name = 'ResourceConflictError';
  }
}
