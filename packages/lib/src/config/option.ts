import {
  booleanType,
  dictType,
  floatType,
  hostAddressType,
  integerType,
  listType,
  portType,
  stringType,
  uriType,
  type ConfigType,
  type NumberTypeOptions,
  type StringTypeOptions,
  type UriTypeOptions,
} from './types.js';

/** Another name an option was known by; still read, with a warning. */
export interface DeprecatedName {
  /** The old group; the option's own group when omitted. */
  group?: string;
  name: string;
}

/**
 * A declared configuration option (oslo_config.cfg.Opt). `V` is the value a
 * reader gets: the parsed type, an array of it for `multi` options, and
 * `undefined` when the option has no default and is not set.
 */
export interface Option<V = unknown> {
  readonly name: string;
  readonly type: ConfigType<unknown>;
  readonly help: string;
  readonly default: V;
  /** Values never appear in logs or samples; they show as "****". */
  readonly secret: boolean;
  /** Loading fails if the option has no value. */
  readonly required: boolean;
  /** Repeated keys and repeated flags accumulate into an array. */
  readonly multi: boolean;
  readonly deprecatedNames: readonly DeprecatedName[];
  /** Shown instead of the default in samples, for host-dependent defaults. */
  readonly sampleDefault: string | undefined;
  /** Accepted but planned for removal; the reason is shown with the warning. */
  readonly deprecatedReason: string | undefined;
}

/** What a package registers through its `net_server.config.opts` entry point. */
export interface OptionGroupDeclaration {
  /** Section name; "DEFAULT" for the top-level options. */
  group: string;
  /** Shown above the section in samples. */
  help?: string;
  options: readonly Option[];
}

export interface OptionSettings<V> {
  help: string;
  default?: V;
  secret?: boolean;
  required?: boolean;
  deprecatedNames?: readonly DeprecatedName[];
  sampleDefault?: string;
  deprecatedReason?: string;
}

type WithDefault<V> = OptionSettings<V> & { default: V };

/** Declares an option of any `ConfigType`. */
export function opt<T>(name: string, type: ConfigType<T>, settings: WithDefault<T>): Option<T>;
export function opt<T>(name: string, type: ConfigType<T>, settings: OptionSettings<T>): Option<T | undefined>;
export function opt<T>(name: string, type: ConfigType<T>, settings: OptionSettings<T>): Option<T | undefined> {
  return build(name, type, settings, false);
}

function build<V>(name: string, type: ConfigType<unknown>, settings: OptionSettings<V>, multi: boolean): Option<V> {
  if (!/^[a-z][a-z0-9_]*$/i.test(name)) {
    throw new TypeError(`Option name ${JSON.stringify(name)} must be letters, digits and underscores`);
  }
  return Object.freeze({
    name,
    type,
    help: settings.help,
    default: settings.default as V,
    secret: settings.secret ?? false,
    required: settings.required ?? false,
    multi,
    deprecatedNames: settings.deprecatedNames ?? [],
    sampleDefault: settings.sampleDefault,
    deprecatedReason: settings.deprecatedReason,
  });
}

type StrSettings<V> = OptionSettings<V> & StringTypeOptions;
type NumSettings<V> = OptionSettings<V> & NumberTypeOptions;

/** A string; `choices` makes it an enum. */
export function strOpt(name: string, settings: StrSettings<string> & { default: string }): Option<string>;
export function strOpt(name: string, settings: StrSettings<string>): Option<string | undefined>;
export function strOpt(name: string, settings: StrSettings<string>): Option<string | undefined> {
  return opt(name, stringType(settings), settings);
}

export function intOpt(name: string, settings: NumSettings<number> & { default: number }): Option<number>;
export function intOpt(name: string, settings: NumSettings<number>): Option<number | undefined>;
export function intOpt(name: string, settings: NumSettings<number>): Option<number | undefined> {
  return opt(name, integerType(settings), settings);
}

export function floatOpt(name: string, settings: NumSettings<number> & { default: number }): Option<number>;
export function floatOpt(name: string, settings: NumSettings<number>): Option<number | undefined>;
export function floatOpt(name: string, settings: NumSettings<number>): Option<number | undefined> {
  return opt(name, floatType(settings), settings);
}

export function portOpt(name: string, settings: NumSettings<number> & { default: number }): Option<number>;
export function portOpt(name: string, settings: NumSettings<number>): Option<number | undefined>;
export function portOpt(name: string, settings: NumSettings<number>): Option<number | undefined> {
  return opt(name, portType(settings), settings);
}

export function boolOpt(name: string, settings: OptionSettings<boolean> & { default: boolean }): Option<boolean>;
export function boolOpt(name: string, settings: OptionSettings<boolean>): Option<boolean | undefined>;
export function boolOpt(name: string, settings: OptionSettings<boolean>): Option<boolean | undefined> {
  return opt(name, booleanType(), settings);
}

/** A comma-separated list; `item` types each element (strings by default). */
// NoInfer: the item type comes from `item` (strings without one), never from
// the default, so that `default: []` does not make a list of `never`.
export function listOpt<T = string>(name: string, settings: OptionSettings<NoInfer<T>[]> & { default: NoInfer<T>[]; item?: ConfigType<T> }): Option<T[]>;
export function listOpt<T = string>(name: string, settings: OptionSettings<NoInfer<T>[]> & { item?: ConfigType<T> }): Option<T[] | undefined>;
export function listOpt<T>(name: string, settings: OptionSettings<T[]> & { item?: ConfigType<T> }): Option<T[] | undefined> {
  return opt(name, listType(settings.item), settings);
}

/** `key:value` pairs; `value` types the values (strings by default). */
export function dictOpt<T = string>(
  name: string,
  settings: OptionSettings<Record<string, NoInfer<T>>> & { default: Record<string, NoInfer<T>>; value?: ConfigType<T> },
): Option<Record<string, T>>;
export function dictOpt<T = string>(
  name: string,
  settings: OptionSettings<Record<string, NoInfer<T>>> & { value?: ConfigType<T> },
): Option<Record<string, T> | undefined>;
export function dictOpt<T>(name: string, settings: OptionSettings<Record<string, T>> & { value?: ConfigType<T> }): Option<Record<string, T> | undefined> {
  return opt(name, dictType(settings.value), settings);
}

export function hostAddressOpt(name: string, settings: OptionSettings<string> & { default: string }): Option<string>;
export function hostAddressOpt(name: string, settings: OptionSettings<string>): Option<string | undefined>;
export function hostAddressOpt(name: string, settings: OptionSettings<string>): Option<string | undefined> {
  return opt(name, hostAddressType(), settings);
}

export function uriOpt(name: string, settings: OptionSettings<string> & UriTypeOptions & { default: string }): Option<string>;
export function uriOpt(name: string, settings: OptionSettings<string> & UriTypeOptions): Option<string | undefined>;
export function uriOpt(name: string, settings: OptionSettings<string> & UriTypeOptions): Option<string | undefined> {
  return opt(name, uriType(settings), settings);
}

/**
 * oslo's MultiOpt: the key may repeat (`key = a` then `key = b`) and every
 * value is kept, in order, across all config files.
 */
export function multiOpt<T>(name: string, type: ConfigType<T>, settings: OptionSettings<T[]> & { default?: T[] }): Option<T[]> {
  return build(name, type, { ...settings, default: settings.default ?? [] }, true);
}

export function multiStrOpt(name: string, settings: OptionSettings<string[]> & { default?: string[] }): Option<string[]> {
  return multiOpt(name, stringType(), settings);
}
