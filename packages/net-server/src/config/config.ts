import { closestName, ConfigTypeError, silentLogger, type ConfigReader, type Logger, type Option } from '@net-server/lib';
import { ConfigError, ConfigInterpolationError, ConfigProblemsError, ConfigRequiredError, ConfigValueError, envName, type ValueOrigin } from './errors.js';
import type { IniFile } from './ini-parser.js';
import { interpolate } from './interpolation.js';
import type { OptionRegistry, RegisteredOption } from './option-registry.js';

/** A value given on the command line, already matched to its option. */
export interface CliOverride {
  group: string;
  name: string;
  value: string;
  /** The flag as typed, for error messages. */
  flag: string;
}

export interface ConfigSources {
  /** Parsed config files, lowest precedence first. */
  files?: readonly IniFile[];
  /** Environment variables; `NET_SERVER_<GROUP>__<OPTION>` ones are read. */
  env?: Readonly<Record<string, string | undefined>>;
  overrides?: readonly CliOverride[];
}

/** An option referenced by a name that is not registered. */
export class NoSuchOptionError extends ConfigError {
  readonly code = 'CONFIG_NO_SUCH_OPTION';

  constructor(group: string, name: string) {
    super(
      `[${group}] ${name} is not a registered option. Install the package that declares it ` +
        '(`net-server plugins net_server.config.opts` lists what is installed).',
    );
    this.name = 'NoSuchOptionError';
  }
}

interface RawValue {
  texts: string[];
  origin: ValueOrigin;
}

interface ResolvedValue {
  value: unknown;
  origin: ValueOrigin;
}

/** One line of `Config.describe()`. */
export interface OptionValueReport {
  group: string;
  name: string;
  /** The value, or "****" for secret options that are set. */
  value: unknown;
  source: string;
}

const ENV_PREFIX = 'NET_SERVER_';
const MASK = '****';

/**
 * The loaded configuration (oslo's ConfigOpts after parsing): every
 * registered option resolved, with precedence defaults < config files in
 * order < environment < command line. Values are parsed and validated when
 * loading, so a bad value fails at start, not when first read.
 */
export class Config implements ConfigReader {
  readonly #registry: OptionRegistry;
  readonly #values: Map<string, ResolvedValue>;
  /** The config files that were read, in order. */
  readonly files: readonly string[];

  private constructor(registry: OptionRegistry, values: Map<string, ResolvedValue>, files: readonly string[]) {
    this.#registry = registry;
    this.#values = values;
    this.files = files;
  }

  /**
   * Resolves every registered option from `sources`. Unknown options and
   * sections are warned about; invalid values throw, all of them together
   * (`ConfigProblemsError`) when there are several.
   */
  static resolve(registry: OptionRegistry, sources: ConfigSources = {}, logger: Logger = silentLogger): Config {
    const raw = new Map<string, RawValue>();
    for (const file of sources.files ?? []) collectFile(registry, file, raw, logger);
    collectEnv(registry, sources.env ?? {}, raw, logger);
    collectOverrides(registry, sources.overrides ?? [], raw);
    const resolver = new Resolver(registry, raw);
    const values = new Map<string, ResolvedValue>();
    const problems: ConfigError[] = [];
    for (const registered of registry.all()) {
      try {
        values.set(key(registered.group, registered.option.name), resolver.resolve(registered));
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        problems.push(error);
      }
    }
    if (problems.length === 1) throw problems[0];
    if (problems.length > 1) throw new ConfigProblemsError(problems);
    return new Config(
      registry,
      values,
      (sources.files ?? []).map((file) => file.path),
    );
  }

  get registry(): OptionRegistry {
    return this.#registry;
  }

  get<V>(group: string, option: Option<V>): V {
    return this.value(group, option.name) as V;
  }

  value(group: string, name: string): unknown {
    const registered = this.#registry.find(group, name);
    if (!registered) throw new NoSuchOptionError(group, name);
    return this.#values.get(key(registered.group, name))?.value;
  }

  has(group: string, name: string): boolean {
    return this.#registry.find(group, name) !== undefined;
  }

  /** Where an option's value came from: a file, variable, flag or the default. */
  origin(group: string, name: string): ValueOrigin {
    const registered = this.#registry.find(group, name);
    if (!registered) throw new NoSuchOptionError(group, name);
    return this.#values.get(key(registered.group, name))?.origin ?? { kind: 'default', where: 'default' };
  }

  /** Every option with its value, secrets masked: safe to log. */
  describe(): OptionValueReport[] {
    return this.#registry.all().map(({ group, option }) => {
      const resolved = this.#values.get(key(group, option.name));
      const value = resolved?.value;
      return {
        group,
        name: option.name,
        value: option.secret && value !== undefined && value !== '' ? MASK : value,
        source: resolved ? sourceText(resolved.origin) : 'default',
      };
    });
  }

  /** oslo's log_opt_values: one debug line per option, secrets masked. */
  logOptionValues(logger: Logger): void {
    logger.debug('configuration files', { files: this.files });
    for (const report of this.describe()) logger.debug('configuration option', { ...report });
  }
}

function sourceText(origin: ValueOrigin): string {
  if (origin.kind === 'file') return `${origin.where}${origin.line === undefined ? '' : `:${origin.line}`}`;
  return origin.kind === 'default' ? 'default' : `${origin.kind} ${origin.where}`;
}

function key(group: string, name: string): string {
  return `${group}\u0000${name}`;
}

function collectFile(registry: OptionRegistry, file: IniFile, raw: Map<string, RawValue>, logger: Logger): void {
  for (const [section, entries] of file.sections) {
    if (!registry.hasGroup(section) && ![...entries.keys()].some((name) => registry.findDeprecated(section, name))) {
      logger.warn('config section has no registered options; is the package that uses it installed?', {
        file: file.path,
        section,
      });
      continue;
    }
    for (const [name, occurrences] of entries) {
      const registered = lookup(registry, section, name, logger, { file: file.path });
      if (!registered) {
        const close = closestName(
          name,
          registry.options(section).map((known) => known.option.name),
        );
        logger.warn('unknown config option ignored', {
          file: file.path,
          section,
          option: name,
          line: occurrences[0]?.line,
          ...(close === undefined ? {} : { suggestion: `did you mean ${close}?` }),
        });
        continue;
      }
      const last = occurrences.at(-1);
      if (!last) continue;
      const origin: ValueOrigin = { kind: 'file', where: file.path, line: last.line };
      const slot = key(registered.group, registered.option.name);
      const texts = occurrences.map((occurrence) => occurrence.value);
      // Multi-valued options accumulate across files, as oslo's MultiOpt does.
      const previous = registered.option.multi ? (raw.get(slot)?.texts ?? []) : [];
      raw.set(slot, { texts: registered.option.multi ? [...previous, ...texts] : [last.value], origin });
    }
  }
}

function lookup(registry: OptionRegistry, group: string, name: string, logger: Logger, where: Record<string, unknown>): RegisteredOption | undefined {
  const registered = registry.find(group, name);
  if (registered) return registered;
  const replacement = registry.findDeprecated(group, name);
  if (replacement) {
    logger.warn('deprecated config option name; use the new name', {
      ...where,
      deprecated: `[${group}] ${name}`,
      use: `[${replacement.group}] ${replacement.option.name}`,
    });
  }
  return replacement;
}

function collectEnv(registry: OptionRegistry, env: Readonly<Record<string, string | undefined>>, raw: Map<string, RawValue>, logger: Logger): void {
  for (const [variable, text] of Object.entries(env)) {
    if (text === undefined || !variable.startsWith(ENV_PREFIX)) continue;
    const separator = variable.indexOf('__', ENV_PREFIX.length);
    // NET_SERVER_LOG_LEVEL and friends are not options: no group separator.
    if (separator < 0) continue;
    const group = variable.slice(ENV_PREFIX.length, separator);
    const name = variable.slice(separator + 2).toLowerCase();
    const registered = lookup(registry, group, name, logger, { variable });
    if (!registered) {
      logger.warn('environment variable names no registered option; ignored', { variable });
      continue;
    }
    raw.set(key(registered.group, registered.option.name), {
      texts: [text],
      origin: { kind: 'env', where: envName(registered.group, registered.option.name) },
    });
  }
}

function collectOverrides(registry: OptionRegistry, overrides: readonly CliOverride[], raw: Map<string, RawValue>): void {
  const seen = new Set<string>();
  for (const override of overrides) {
    const registered = registry.find(override.group, override.name);
    if (!registered) throw new NoSuchOptionError(override.group, override.name);
    const slot = key(registered.group, registered.option.name);
    const origin: ValueOrigin = { kind: 'cli', where: override.flag };
    // Repeating a multi option's flag adds values; the first occurrence replaces the files' values.
    const previous = registered.option.multi && seen.has(slot) ? (raw.get(slot)?.texts ?? []) : [];
    raw.set(slot, { texts: [...previous, override.value], origin });
    seen.add(slot);
  }
}

/** Turns raw texts into typed values, following `$name` references. */
class Resolver {
  readonly #inProgress = new Set<string>();

  constructor(
    private readonly registry: OptionRegistry,
    private readonly raw: Map<string, RawValue>,
  ) {}

  resolve({ group, option }: RegisteredOption): ResolvedValue {
    const given = this.raw.get(key(group, option.name));
    if (!given) {
      const value = typeof option.default === 'string' ? this.expand(group, option, option.default) : option.default;
      if (option.required && value === undefined) throw new ConfigRequiredError(group, option.name);
      return { value, origin: { kind: 'default', where: 'default' } };
    }
    const parsed = given.texts.map((text) => this.parse(group, option, this.expand(group, option, text), given.origin));
    return { value: option.multi ? parsed : parsed[0], origin: given.origin };
  }

  private parse(group: string, option: Option, text: string, origin: ValueOrigin): unknown {
    try {
      return option.type.parse(text);
    } catch (error) {
      if (ConfigTypeError.is(error)) {
        const shown = option.secret ? MASK : JSON.stringify(text);
        throw new ConfigValueError(group, option.name, origin, error.expected, `${shown} is not valid`);
      }
      throw error;
    }
  }

  private expand(group: string, option: Option, text: string): string {
    const slot = key(group, option.name);
    if (this.#inProgress.has(slot)) {
      throw new ConfigInterpolationError(group, option.name, 'its value refers back to itself through $ references');
    }
    this.#inProgress.add(slot);
    try {
      return interpolate(text, (reference) => this.referenceText(group, option, reference));
    } finally {
      this.#inProgress.delete(slot);
    }
  }

  private referenceText(group: string, option: Option, reference: string): string {
    const dot = reference.indexOf('.');
    const target =
      dot >= 0
        ? this.registry.find(reference.slice(0, dot), reference.slice(dot + 1))
        : (this.registry.find(group, reference) ?? this.registry.find('DEFAULT', reference));
    if (!target) {
      throw new ConfigInterpolationError(group, option.name, `$${reference} names no registered option`);
    }
    const given = this.raw.get(key(target.group, target.option.name));
    const text = given
      ? given.texts.join(',')
      : target.option.default === undefined
        ? undefined
        : typeof target.option.default === 'string'
          ? target.option.default
          : target.option.type.format(target.option.default);
    if (text === undefined) {
      throw new ConfigInterpolationError(group, option.name, `$${reference} refers to an option that has no value`);
    }
    return this.expand(target.group, target.option, text);
  }
}
