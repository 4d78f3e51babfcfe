import { pythonString as s } from '../python-format.js';
import { isDict, pythonEquals } from './python-values.js';

/** A validator: neutron's message when `data` is invalid, undefined when it is fine. */
export type Validator = (data: unknown, arg?: unknown) => string | undefined;

/** Python repr of a list of keys, as neutron prints expected keys. */
const keyList = (keys: readonly string[]): string => s(keys);
// Python prints these as sets, in an order that varies between runs; the
// order the keys were given in is as good as any.
const keySet = (keys: Iterable<string>): string => {
  const items = [...keys];
  return items.length === 0 ? 'set()' : `{${items.map((key) => s([key]).slice(1, -1)).join(', ')}}`;
};

export function verifyDictKeys(expected: readonly string[], target: unknown, strict = true): string | undefined {
  if (!isDict(target)) return `Invalid input. '${s(target)}' must be a dictionary with keys: ${keyList(expected)}`;
  const provided = Object.keys(target);
  const matches = strict ? provided.length === expected.length && expected.every((key) => key in target) : expected.every((key) => key in target);
  if (matches) return undefined;
  return `Validation of dictionary's keys failed. Expected keys: ${keySet(expected)} Provided keys: ${keySet(provided)}`;
}

/** The items that occur more than once (Python equality: True == 1), in the order of their second occurrence. */
function duplicates(items: readonly unknown[]): unknown[] {
  // Scalars by key, so that a list the size of a request body is checked in
  // linear time; lists and dicts, rare here, by comparison.
  const seenScalars = new Set<unknown>();
  const repeatedScalars = new Set<unknown>();
  const seen: unknown[] = [];
  const dups: unknown[] = [];
  for (const item of items) {
    if (item === null || typeof item !== 'object') {
      const key = typeof item === 'boolean' ? Number(item) : item;
      if (!seenScalars.has(key)) seenScalars.add(key);
      else if (!repeatedScalars.has(key)) {
        repeatedScalars.add(key);
        dups.push(item);
      }
      continue;
    }
    if (seen.some((other) => pythonEquals(other, item))) {
      if (!dups.some((other) => pythonEquals(other, item))) dups.push(item);
      continue;
    }
    seen.push(item);
  }
  return dups;
}

export function validateListOfItems(itemValidator: Validator, data: unknown, arg?: unknown): string | undefined {
  if (!Array.isArray(data)) return `'${s(data)}' is not a list`;
  const dups = duplicates(data);
  if (dups.length > 0) return `Duplicate items in the list: '${dups.map(s).join(', ')}'`;
  for (const item of data) {
    const message = itemValidator(item, arg);
    if (message) return message;
  }
  return undefined;
}

export function orNone(validator: Validator): Validator {
  return (data, arg) => (data === null || data === undefined ? undefined : validator(data, arg));
}
