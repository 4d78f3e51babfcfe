import { TAG_FILTERS, matchesTagFilters, type Filters, type ListOptions, type ResourceDict } from '@net-server/lib';
import { sortItems } from '../api/list-emulation.js';

/**
 * Filtering, sorting and paging of resource dicts, with neutron's
 * semantics: a filter's values are alternatives (OR), different filters all
 * apply (AND); sorts get `id` appended as a tie-breaker; `marker` is the id
 * of the last item of the previous page and `pageReverse` pages backwards
 * from it, the page itself staying in sort order. Applied to dicts so that
 * extension attributes filter and sort like core ones.
 */
export function applyListOptions(
  items: ResourceDict[],
  options: ListOptions,
  markerNotFound: (id: string) => Error,
  matchers: FilterMatchers = {},
): ResourceDict[] {
  // The marker is placed among all visible items, filtered or not, as neutron compares its sort keys.
  const sorted = sortWithId(items, options);
  const matches = (item: ResourceDict): boolean => matchesFilters(item, options.filters ?? {}, matchers);
  const result = page(sorted, options, markerNotFound, matches);
  return options.fields && options.fields.length > 0 ? result.map((item) => selectFields(item, options.fields!)) : result;
}

/** Filters needing more than equality (fixed_ips, tags), by name. */
export type FilterMatchers = Readonly<Record<string, (item: ResourceDict, values: readonly unknown[]) => boolean>>;

export function matchesFilters(item: ResourceDict, filters: Filters, matchers: FilterMatchers = {}): boolean {
  for (const [name, values] of Object.entries(filters)) {
    const matcher = matchers[name] ?? defaultMatchers[name];
    if (matcher) {
      if (!matcher(item, values)) return false;
      continue;
    }
    const key = name === 'tenant_id' ? 'project_id' : name;
    if (!(key in item)) continue;
    if (!values.some((value) => sameValue(item[key], value))) return false;
  }
  return true;
}

/** neutron's tag filters (lib's): tags (all of), tags-any, not-tags (not all of), not-tags-any. */
const defaultMatchers: FilterMatchers = Object.fromEntries(
  TAG_FILTERS.map((filter) => [filter, (item: ResourceDict, values: readonly unknown[]) => matchesTagFilters(item, { [filter]: values })]),
);

/** Equality tolerant of the API's string forms: "true" matches true, "4" matches 4. */
export function sameValue(actual: unknown, wanted: unknown): boolean {
  if (actual === wanted) return true;
  if (actual === null || actual === undefined) return wanted === null || wanted === '' || wanted === 'None';
  if (typeof actual === 'boolean') return String(wanted).toLowerCase() === String(actual) || wanted === (actual ? 1 : 0);
  if (Array.isArray(actual)) return actual.some((entry) => sameValue(entry, wanted));
  return String(actual) === String(wanted);
}

/** With `id` appended as the tie-breaker, as neutron's sort_by does, so pages are stable. */
function sortWithId(items: ResourceDict[], options: ListOptions): ResourceDict[] {
  const sorts = [...(options.sorts ?? [])];
  if (!sorts.some((sort) => sort.key === 'id')) sorts.push({ key: 'id', direction: 'asc' });
  return sortItems(items, sorts);
}

function page(
  items: ResourceDict[],
  options: ListOptions,
  markerNotFound: (id: string) => Error,
  matches: (item: ResourceDict) => boolean,
): ResourceDict[] {
  const limit = options.limit !== undefined && options.limit > 0 ? options.limit : undefined;
  let start = 0;
  let end = items.length;
  if (options.marker !== undefined) {
    const at = items.findIndex((item) => item['id'] === options.marker);
    // As neutron, which loads the marker resource and fails as a get would.
    if (at < 0) throw markerNotFound(options.marker);
    if (options.pageReverse) end = at;
    else start = at + 1;
  }
  const window = items.slice(start, end).filter(matches);
  if (limit === undefined) return window;
  return options.pageReverse ? window.slice(Math.max(0, window.length - limit)) : window.slice(0, limit);
}

export function selectFields(item: ResourceDict, fields: readonly string[]): ResourceDict {
  const out: ResourceDict = {};
  for (const field of fields) {
    if (field in item) out[field] = item[field];
  }
  return out;
}
