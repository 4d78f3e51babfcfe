/**
 * Python's coercions that neutron's validators and converters rely on
 * (`int()`, `float()`, `==` on JSON-like values), so that the same input is
 * accepted or refused with the same message.
 */

/** Python's `int(value)` for the values a JSON body can carry; undefined where Python raises. */
export function pythonInt(value: unknown): number | undefined {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : undefined;
  if (typeof value === 'string' && /^\s*[+-]?\d+(_\d+)*\s*$/.test(value)) return Number(value.trim().replace(/_/g, ''));
  return undefined;
}

/** Python's `float(value)` for JSON values; undefined where Python raises. */
export function pythonFloat(value: unknown): number | undefined {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const text = value.trim().toLowerCase();
  if (/^[+-]?(inf|infinity)$/.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/.test(text)) return NaN;
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(text) ? Number(text) : undefined;
}

/** Python `==` on JSON-like values: deep for lists and dicts, True == 1. */
export function pythonEquals(a: unknown, b: unknown): boolean {
  const scalar = (v: unknown): unknown => (typeof v === 'boolean' ? Number(v) : v);
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => pythonEquals(item, b[i]));
  }
  if (isDict(a) || isDict(b)) {
    if (!isDict(a) || !isDict(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && pythonEquals(a[key], b[key]));
  }
  return scalar(a) === scalar(b);
}

/** A JSON object (Python dict), not an array or null. */
export function isDict(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Python's `len()` of a str: code points, not UTF-16 units. */
export function pythonLength(text: string): number {
  return Array.from(text).length;
}

const trueStrings = new Set(['1', 't', 'true', 'on', 'y', 'yes']);
const falseStrings = new Set(['0', 'f', 'false', 'off', 'n', 'no']);

/** oslo strutils.bool_from_string(strict=True); undefined where it raises. */
export function boolFromString(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === undefined) return undefined;
  const text = (typeof value === 'string' ? value : pythonStr(value)).trim().toLowerCase();
  if (trueStrings.has(text)) return true;
  if (falseStrings.has(text)) return false;
  return undefined;
}

function pythonStr(value: unknown): string {
  return value === null ? 'None' : String(value);
}
