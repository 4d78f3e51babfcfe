import type { Filters } from '../plugins/list-options.js';
import { isTagFilter, matchesTagFilters } from './tag-filters.js';

/**
 * neutron's list filtering on built dicts, for plugins that filter in
 * memory: a filter's values are alternatives, filters combine with AND,
 * `tenant_id` means `project_id`, and values compare as the API's query
 * strings do (`True`/`true` for booleans, `4` for 4); on a dict with
 * `tags`, the tag filters are neutron's (`matchesTagFilters`). Filters on
 * keys the dict lacks are left to the caller (tags, fixed_ips...).
 */
export function matchesFilters(item: Readonly<Record<string, unknown>>, filters: Filters | undefined): boolean {
  if (!filters) return true;
  return Object.entries(filters).every(([name, values]) => {
    if (isTagFilter(name)) return !('tags' in item) || matchesTagFilters(item, { [name]: values });
    const key = name === 'tenant_id' ? 'project_id' : name;
    if (values.length === 0 || !(key in item)) return true;
    return values.some((value) => sameFilterValue(item[key], value));
  });
}

/** Equality tolerant of the API's string forms. */
export function sameFilterValue(actual: unknown, wanted: unknown): boolean {
  if (actual === wanted) return true;
  if (actual === null || actual === undefined) return wanted === null || wanted === '' || wanted === 'None';
  if (typeof actual === 'boolean') return String(wanted).toLowerCase() === String(actual);
  return String(actual) === String(wanted);
}
