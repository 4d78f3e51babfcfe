/**
 * Configuration errors. Each names where the bad input came from (file and
 * line, section, option, or command-line flag) and what to do about it; the
 * CLI turns every one of them into exit code 2.
 */
export abstract class ConfigError extends Error {
  abstract readonly code: string;
}

/** A config file that cannot be read or is not valid INI. */
export class ConfigFileError extends ConfigError {
  readonly code = 'CONFIG_FILE_INVALID';

  constructor(
    readonly path: string,
    readonly line: number | undefined,
    problem: string,
  ) {
    super(`${path}${line === undefined ? '' : `:${line}`}: ${problem}`);
    this.name = 'ConfigFileError';
  }
}

/** Where a raw option value came from, for error messages. */
export interface ValueOrigin {
  /** "file", "env" or "cli". */
  kind: 'file' | 'env' | 'cli' | 'default';
  /** The file path, environment variable name or flag. */
  where: string;
  line?: number;
}

export function describeOrigin(origin: ValueOrigin): string {
  switch (origin.kind) {
    case 'file':
      return `${origin.where}${origin.line === undefined ? '' : `:${origin.line}`}`;
    case 'env':
      return `environment variable ${origin.where}`;
    case 'cli':
      return `command-line option ${origin.where}`;
    case 'default':
      return 'the default value';
  }
}

/** A value that does not fit its option's type. */
export class ConfigValueError extends ConfigError {
  readonly code = 'CONFIG_INVALID_VALUE';

  constructor(
    readonly group: string,
    readonly option: string,
    readonly origin: ValueOrigin,
    readonly expected: string,
    problem: string,
  ) {
    super(`${describeOrigin(origin)}: [${group}] ${option}: ${problem}; expected ${expected}. ` + 'Correct the value or remove it to use the default.');
    this.name = 'ConfigValueError';
  }
}

/** A required option with no value. */
export class ConfigRequiredError extends ConfigError {
  readonly code = 'CONFIG_REQUIRED_OPTION_MISSING';

  constructor(
    readonly group: string,
    readonly option: string,
  ) {
    super(
      `[${group}] ${option} is required but not set. Set it in a config file, with --${flagName(group, option)}, ` +
        `or with the environment variable ${envName(group, option)}.`,
    );
    this.name = 'ConfigRequiredError';
  }
}

/** A `$name` reference that names no option, or references that loop. */
export class ConfigInterpolationError extends ConfigError {
  readonly code = 'CONFIG_INTERPOLATION_FAILED';

  constructor(
    readonly group: string,
    readonly option: string,
    problem: string,
  ) {
    super(`[${group}] ${option}: ${problem}. Use $$ for a literal dollar sign.`);
    this.name = 'ConfigInterpolationError';
  }
}

/** Two packages registering the same option differently. */
export class DuplicateOptionError extends ConfigError {
  readonly code = 'CONFIG_DUPLICATE_OPTION';

  constructor(group: string, option: string, first: string, second: string) {
    super(`[${group}] ${option} is registered by both ${first} and ${second}. ` + 'Uninstall one of them or ask its authors to rename the option.');
    this.name = 'DuplicateOptionError';
  }
}

/**
 * A plugin or driver rejected its configuration (a PluginConfigError from
 * @net-server/lib): the plugin's words, with where the option was set.
 */
export class PluginOptionError extends ConfigError {
  readonly code = 'CONFIG_PLUGIN_OPTION_INVALID';

  constructor(
    readonly group: string,
    readonly option: string,
    /** Undefined when no installed package registers the option. */
    readonly origin: ValueOrigin | undefined,
    problem: string,
    /** The plugin that checked it: its configured name. */
    readonly plugin: string,
    cause?: unknown,
  ) {
    const set =
      origin === undefined
        ? `[${group}] ${option}`
        : origin.kind === 'default'
          ? `[${group}] ${option} (not set: its default is used)`
          : `${describeOrigin(origin)}: [${group}] ${option}`;
    super(`${set}: ${problem.replace(/\.?$/, '.')} Checked by the ${plugin} plugin; correct the value and start again.`, { cause });
    this.name = 'PluginOptionError';
  }
}

/** Several problems found while loading, reported together so all can be fixed at once. */
export class ConfigProblemsError extends ConfigError {
  readonly code = 'CONFIG_INVALID';

  constructor(readonly problems: readonly ConfigError[]) {
    super(`${problems.length} configuration problems:\n${problems.map((problem) => `  - ${problem.message}`).join('\n')}`);
    this.name = 'ConfigProblemsError';
  }
}

/** A bad command-line flag or flag value. */
export class ConfigUsageError extends ConfigError {
  readonly code = 'CONFIG_USAGE';

  constructor(message: string) {
    super(message);
    this.name = 'ConfigUsageError';
  }
}

/** The `--group-option` flag that sets an option (`--option` for DEFAULT). */
export function flagName(group: string, option: string): string {
  return group === 'DEFAULT' ? option : `${group}-${option}`;
}

/** The environment variable that sets an option. */
export function envName(group: string, option: string): string {
  return `NET_SERVER_${group.toUpperCase()}__${option.toUpperCase()}`;
}
