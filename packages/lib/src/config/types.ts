import { isIP } from 'node:net';
import { ConfigTypeError } from './config-type-error.js';

/**
 * A value type for configuration options (oslo_config.types): turns the raw
 * text of an INI value, a command-line flag or an environment variable into
 * a typed value, and back into text for sample files.
 */
export interface ConfigType<T> {
  /** Short name for samples, e.g. "integer value". */
  readonly typeName: string;
  /** What the type accepts, for error messages: "an integer >= 1". */
  readonly expected: string;
  /** Parses raw text; throws `ConfigTypeError` when the text does not fit. */
  parse(raw: string): T;
  /** Text that `parse` turns back into `value`. */
  format(value: T): string;
  /** Extra lines for sample files, e.g. "Minimum value: 1". */
  readonly notes: readonly string[];
}

/** An allowed value, optionally with a description shown in samples. */
export type Choice = string | readonly [value: string, description: string];

function choiceValue(choice: Choice): string {
  return typeof choice === 'string' ? choice : choice[0];
}

function choiceNotes(choices: readonly Choice[] | undefined): string[] {
  if (!choices) return [];
  return ['Possible values:', ...choices.map((choice) => (typeof choice === 'string' ? choice : `${choice[0]} - ${choice[1]}`))];
}

function rangeText(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return ` between ${min} and ${max}`;
  if (min !== undefined) return ` >= ${min}`;
  if (max !== undefined) return ` <= ${max}`;
  return '';
}

function rangeNotes(min: number | undefined, max: number | undefined): string[] {
  const notes: string[] = [];
  if (min !== undefined) notes.push(`Minimum value: ${min}`);
  if (max !== undefined) notes.push(`Maximum value: ${max}`);
  return notes;
}

function fail(raw: string, expected: string, why?: string): never {
  throw new ConfigTypeError(`${JSON.stringify(raw)} is not ${expected}${why ? ` (${why})` : ''}`, expected);
}

export interface StringTypeOptions {
  /** Only these values are accepted (an enum). */
  choices?: readonly Choice[];
  /** Compare with `choices` ignoring case; the value keeps the choice's case. */
  ignoreCase?: boolean;
  /** The whole value must match. */
  regex?: RegExp;
  maxLength?: number;
}

/** oslo's String: text, with optional choices, regex and length limits. */
export function stringType(options: StringTypeOptions = {}): ConfigType<string> {
  const choices = options.choices?.map(choiceValue);
  const expected = choices
    ? `one of ${choices.map((c) => JSON.stringify(c)).join(', ')}`
    : options.regex
      ? `a string matching ${String(options.regex)}`
      : 'a string';
  return {
    typeName: 'string value',
    expected,
    notes: choiceNotes(options.choices),
    parse(raw) {
      const value = raw;
      if (choices) {
        const found = choices.find((c) => (options.ignoreCase ? c.toLowerCase() === value.toLowerCase() : c === value));
        if (found === undefined) fail(raw, expected);
        return found;
      }
      if (options.regex && !new RegExp(`^(?:${options.regex.source})$`, options.regex.flags).test(value)) fail(raw, expected);
      if (options.maxLength !== undefined && value.length > options.maxLength) {
        fail(raw, expected, `longer than ${options.maxLength} characters`);
      }
      return value;
    },
    format: (value) => value,
  };
}

/** List items and dict keys and values may be quoted to hold a comma or colon. */
function unquote(raw: string): string {
  if (raw.length >= 2 && (raw[0] === '"' || raw[0] === "'") && raw.at(-1) === raw[0]) return raw.slice(1, -1);
  return raw;
}

export interface NumberTypeOptions {
  min?: number;
  max?: number;
}

/** oslo's Integer, with optional bounds. */
export function integerType(options: NumberTypeOptions = {}): ConfigType<number> {
  const expected = `an integer${rangeText(options.min, options.max)}`;
  return {
    typeName: 'integer value',
    expected,
    notes: rangeNotes(options.min, options.max),
    parse(raw) {
      const text = raw.trim();
      if (!/^[+-]?\d+$/.test(text)) fail(raw, expected);
      const value = Number(text);
      if (!Number.isSafeInteger(value)) fail(raw, expected, 'too large');
      checkRange(raw, value, options, expected);
      return value;
    },
    format: (value) => String(value),
  };
}

/** oslo's Float, with optional bounds. */
export function floatType(options: NumberTypeOptions = {}): ConfigType<number> {
  const expected = `a number${rangeText(options.min, options.max)}`;
  return {
    typeName: 'floating point value',
    expected,
    notes: rangeNotes(options.min, options.max),
    parse(raw) {
      const text = raw.trim();
      if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) fail(raw, expected);
      const value = Number(text);
      checkRange(raw, value, options, expected);
      return value;
    },
    format: (value) => String(value),
  };
}

function checkRange(raw: string, value: number, options: NumberTypeOptions, expected: string): void {
  if (options.min !== undefined && value < options.min) fail(raw, expected, `below the minimum ${options.min}`);
  if (options.max !== undefined && value > options.max) fail(raw, expected, `above the maximum ${options.max}`);
}

/** oslo's Port: an integer 0-65535, optionally narrower. */
export function portType(options: NumberTypeOptions = {}): ConfigType<number> {
  const min = Math.max(0, options.min ?? 0);
  const max = Math.min(65535, options.max ?? 65535);
  const inner = integerType({ min, max });
  const expected = `a port number between ${min} and ${max}`;
  return {
    ...inner,
    typeName: 'port value',
    expected,
    parse(raw) {
      try {
        return inner.parse(raw);
      } catch (error) {
        if (error instanceof ConfigTypeError) fail(raw, expected);
        throw error;
      }
    },
  };
}

const TRUE_WORDS = new Set(['true', '1', 'on', 'yes']);
const FALSE_WORDS = new Set(['false', '0', 'off', 'no']);

/** oslo's Boolean: true/false, 1/0, on/off, yes/no in any case. */
export function booleanType(): ConfigType<boolean> {
  const expected = 'a boolean (true/false, yes/no, on/off, 1/0)';
  return {
    typeName: 'boolean value',
    expected,
    notes: [],
    parse(raw) {
      const word = raw.trim().toLowerCase();
      if (TRUE_WORDS.has(word)) return true;
      if (FALSE_WORDS.has(word)) return false;
      return fail(raw, expected);
    },
    format: (value) => (value ? 'true' : 'false'),
  };
}

/** oslo's List: comma-separated items of `item` type; surrounding [ ] allowed. */
export function listType<T>(item: ConfigType<T> = stringType() as unknown as ConfigType<T>): ConfigType<T[]> {
  const expected = `a comma-separated list of ${item.expected.replace(/^an? /, '')} items`;
  return {
    typeName: 'list value',
    expected,
    notes: item.notes,
    parse(raw) {
      let text = raw.trim();
      if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1).trim();
      if (text === '') return [];
      return splitOutsideQuotes(text, ',').map((part) => parseItem(item, unquote(part.trim()), raw, expected));
    },
    format: (value) => value.map((v) => item.format(v)).join(','),
  };
}

/** oslo's Dict: `key:value` pairs separated by commas. */
export function dictType<T>(value: ConfigType<T> = stringType() as unknown as ConfigType<T>): ConfigType<Record<string, T>> {
  const expected = `comma-separated key:value pairs with ${value.expected.replace(/^an? /, '')} values`;
  return {
    typeName: 'dict value',
    expected,
    notes: value.notes,
    parse(raw) {
      let text = raw.trim();
      if (text.startsWith('{') && text.endsWith('}')) text = text.slice(1, -1).trim();
      const result: Record<string, T> = {};
      if (text === '') return result;
      for (const pair of splitOutsideQuotes(text, ',')) {
        const colon = pair.indexOf(':');
        if (colon < 0) fail(raw, expected, `${JSON.stringify(pair.trim())} has no ":"`);
        const key = unquote(pair.slice(0, colon).trim());
        if (key in result) fail(raw, expected, `key ${JSON.stringify(key)} appears twice`);
        result[key] = parseItem(value, unquote(pair.slice(colon + 1).trim()), raw, expected);
      }
      return result;
    },
    format: (map) =>
      Object.entries(map)
        .map(([key, v]) => `${key}:${value.format(v)}`)
        .join(','),
  };
}

function parseItem<T>(item: ConfigType<T>, text: string, raw: string, expected: string): T {
  try {
    return item.parse(text);
  } catch (error) {
    if (error instanceof ConfigTypeError) fail(raw, expected, error.message);
    throw error;
  }
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (const char of text) {
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === separator) {
      parts.push(current);
      current = '';
      continue;
    }
    current += char;
  }
  parts.push(current);
  return parts;
}

const HOSTNAME = /^(?=.{1,253}\.?$)([a-zA-Z0-9_]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9_]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9])?)*\.?$/;

/** oslo's HostAddress: an IPv4 or IPv6 address or a DNS host name. */
export function hostAddressType(): ConfigType<string> {
  const expected = 'an IP address or host name';
  return {
    typeName: 'host address value',
    expected,
    notes: [],
    parse(raw) {
      const value = raw.trim();
      if (isIP(value) !== 0) return value;
      // A name of digits and dots only is a malformed IPv4 address, not a host.
      if (!/^[\d.]+$/.test(value) && HOSTNAME.test(value)) return value;
      return fail(raw, expected);
    },
    format: (value) => value,
  };
}

export interface UriTypeOptions {
  /** Accepted schemes, e.g. ["rabbit", "memory"]. */
  schemes?: readonly string[];
  maxLength?: number;
}

/** oslo's URI: an absolute URI, optionally limited to some schemes. */
export function uriType(options: UriTypeOptions = {}): ConfigType<string> {
  const schemes = options.schemes?.map((s) => s.toLowerCase());
  const expected = schemes ? `a URI with scheme ${schemes.join(', ')}` : 'an absolute URI (scheme://...)';
  return {
    typeName: 'URI value',
    expected,
    notes: schemes ? [`Allowed schemes: ${schemes.join(', ')}`] : [],
    parse(raw) {
      const value = raw.trim();
      const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(value)?.[1]?.toLowerCase();
      if (scheme === undefined || !URL.canParse(value)) return fail(raw, expected);
      if (schemes && !schemes.includes(scheme)) fail(raw, expected, `scheme ${scheme} is not allowed`);
      if (options.maxLength !== undefined && value.length > options.maxLength) {
        fail(raw, expected, `longer than ${options.maxLength} characters`);
      }
      return value;
    },
    format: (value) => value,
  };
}
