import type { Option, OptionGroupDeclaration } from '@net-server/lib';
import { ConfigError, DuplicateOptionError } from './errors.js';
import { normalizeSection } from './ini-parser.js';

/** An option together with its group and the package that declared it. */
export interface RegisteredOption {
  group: string;
  option: Option;
  /** Package name, as shown in samples and duplicate errors. */
  source: string;
}

/** An entry point export that is not a list of `{ group, options }`. */
export class InvalidOptionDeclarationError extends ConfigError {
  readonly code = 'CONFIG_INVALID_DECLARATION';

  constructor(source: string, problem: string) {
    super(
      `${source} declares configuration options incorrectly: ${problem}. ` +
        'A net_server.config.opts entry point must export an array of { group, options } built with the option helpers of @net-server/lib.',
    );
    this.name = 'InvalidOptionDeclarationError';
  }
}

/**
 * Every option that installed packages declared, by group (oslo's
 * register_opts). An option name may be registered only once per group,
 * except by the same package again with the same option object.
 */
export class OptionRegistry {
  readonly #groups = new Map<string, Map<string, RegisteredOption>>();
  readonly #help = new Map<string, string>();
  /** `group name` of a deprecated alias -> the option that replaced it. */
  readonly #deprecated = new Map<string, RegisteredOption>();

  register(declarations: unknown, source: string): void {
    for (const declaration of checkDeclarations(declarations, source)) {
      const group = normalizeSection(declaration.group);
      if (declaration.help !== undefined && !this.#help.has(group)) this.#help.set(group, declaration.help);
      let options = this.#groups.get(group);
      if (!options) {
        options = new Map();
        this.#groups.set(group, options);
      }
      for (const option of declaration.options) {
        const existing = options.get(option.name);
        if (existing) {
          if (existing.option === option) continue;
          throw new DuplicateOptionError(group, option.name, existing.source, source);
        }
        const registered = { group, option, source };
        options.set(option.name, registered);
        for (const alias of option.deprecatedNames) {
          this.#deprecated.set(key(normalizeSection(alias.group ?? group), alias.name), registered);
        }
      }
    }
  }

  /** DEFAULT first, then the other groups alphabetically. */
  groups(): string[] {
    return [...this.#groups.keys()].sort((a, b) => (a === 'DEFAULT' ? -1 : b === 'DEFAULT' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  }

  hasGroup(group: string): boolean {
    return this.#groups.has(normalizeSection(group));
  }

  groupHelp(group: string): string | undefined {
    return this.#help.get(normalizeSection(group));
  }

  /** A group's options, sorted by name. */
  options(group: string): RegisteredOption[] {
    const options = this.#groups.get(normalizeSection(group));
    return options ? [...options.values()].sort((a, b) => (a.option.name < b.option.name ? -1 : 1)) : [];
  }

  all(): RegisteredOption[] {
    return this.groups().flatMap((group) => this.options(group));
  }

  find(group: string, name: string): RegisteredOption | undefined {
    return this.#groups.get(normalizeSection(group))?.get(name);
  }

  /** The option that `name` in `group` is a deprecated alias of. */
  findDeprecated(group: string, name: string): RegisteredOption | undefined {
    return this.#deprecated.get(key(normalizeSection(group), name));
  }
}

function key(group: string, name: string): string {
  return `${group}\u0000${name}`;
}

function checkDeclarations(value: unknown, source: string): OptionGroupDeclaration[] {
  if (!Array.isArray(value)) throw new InvalidOptionDeclarationError(source, 'the export is not an array');
  return value.map((item: unknown, index) => {
    if (typeof item !== 'object' || item === null) {
      throw new InvalidOptionDeclarationError(source, `item ${index} is not an object`);
    }
    const { group, options } = item as { group?: unknown; options?: unknown };
    if (typeof group !== 'string' || group === '') {
      throw new InvalidOptionDeclarationError(source, `item ${index} has no group name`);
    }
    if (!Array.isArray(options)) throw new InvalidOptionDeclarationError(source, `group ${group} has no options array`);
    for (const option of options as unknown[]) {
      if (!isOption(option)) {
        throw new InvalidOptionDeclarationError(source, `group ${group} holds something that is not an option`);
      }
    }
    return item as OptionGroupDeclaration;
  });
}

function isOption(value: unknown): value is Option {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Option>;
  return (
    typeof candidate.name === 'string' &&
    typeof candidate.help === 'string' &&
    typeof candidate.type?.parse === 'function' &&
    Array.isArray(candidate.deprecatedNames)
  );
}
