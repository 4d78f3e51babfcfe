import { InvalidInput } from '@net-server/lib';
import type { ObjectData } from './primitive.js';

/** neutron's filter_kwargs: a field name -> one value or a list of values (any of which matches). */
export type ObjectFilters = Readonly<Record<string, unknown>>;

/**
 * The values a filter names, as a list (agents send tuples, which arrive
 * as lists); undefined when the filter is absent.
 */
export function filterValues(filters: ObjectFilters, field: string): unknown[] | undefined {
  if (!(field in filters)) return undefined;
  const value = filters[field];
  return Array.isArray(value) ? value : [value];
}

/** filterValues as strings, for id and foreign-key columns. */
export function filterStrings(filters: ObjectFilters, field: string): string[] | undefined {
  return filterValues(filters, field)?.map(String);
}

/**
 * neutron's NeutronObject.validate_filters: only the object's own
 * (non-synthetic) fields, `tenant_id` for objects with a project, and the
 * class's extra filter names may filter; anything else is InvalidInput.
 */
export function validateFilters(filters: ObjectFilters, filterable: readonly string[]): void {
  const bad = Object.keys(filters).filter((field) => !filterable.includes(field));
  if (bad.length > 0) throw new InvalidInput({ error_message: `'${bad.join(', ')}' is not supported for filtering` });
}

function same(field: string, actual: unknown, wanted: unknown): boolean {
  if (actual === undefined || actual === null) return wanted === null;
  // MAC addresses compare as addresses (neutron stores them as given, agents may send another case).
  if (field === 'mac_address') return String(actual).toLowerCase() === String(wanted).toLowerCase();
  return String(actual) === String(wanted);
}

/**
 * Whether an object's data satisfies every filter, as neutron's
 * get_objects query does (`field IN values`): list-valued fields (a port's
 * security_group_ids) match when they hold one of the values.
 */
export function matchesFilters(data: ObjectData, filters: ObjectFilters): boolean {
  return Object.keys(filters).every((field) => {
    const values = filterValues(filters, field) ?? [];
    const actual = data[field === 'tenant_id' ? 'project_id' : field];
    if (Array.isArray(actual)) return actual.some((item) => values.some((wanted) => same(field, item, wanted)));
    return values.some((wanted) => same(field, actual, wanted));
  });
}
