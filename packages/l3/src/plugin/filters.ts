import { isTagFilter, matchesTagFilters, type Filters, type ResourceDict } from '@net-server/lib';

/**
 * neutron's list filtering on built dicts: a filter's values are
 * alternatives, filters combine with AND; values compare as the API's
 * query strings do (`True`/`true` for booleans); the tag filters are lib's.
 */
export function matchesFilters(dict: ResourceDict, filters: Filters | undefined): boolean {
  if (!filters) return true;
  if (!matchesTagFilters(dict, filters)) return false;
  return Object.entries(filters).every(([key, wanted]) => {
    if (wanted.length === 0 || isTagFilter(key)) return true;
    const value = dict[key];
    return wanted.some((candidate) => sameValue(value, candidate));
  });
}

function sameValue(value: unknown, candidate: unknown): boolean {
  if (typeof value === 'boolean') return value === (typeof candidate === 'boolean' ? candidate : String(candidate).toLowerCase() === 'true');
  if (value === null || value === undefined) return candidate === null || candidate === '';
  return String(value) === String(candidate);
}
