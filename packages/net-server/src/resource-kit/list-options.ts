import { isTagFilter, matchesFilters, type Filters, type ListOptions, type ResourceDict } from '@net-server/lib';
import { sortItems } from '../api/list-emulation.js';

/**
 * Filtering, sorting and paging of resource dicts, with neutron's
 * semantics: a filter's values are alternatives (OR), different filters all
 * apply (AND); sorts get `id` appended as a tie-breaker; `marker` is the id
 * of the last item of the previous page and `pageReverse` pages backwards
 * from it, the page itself staying in sort order. Applied to dicts so that
 * extension attributes filter and sort like core ones. Items that come
 * `ordered` (in the resource's own order) keep it: the sorts apply on top of
 * it, their ties left in that order instead of broken by id.
 */
export function applyListOptions(
  items: ResourceDict[],
  options: ListOptions,
  markerNotFound: (id: string) => Error,
  matchers: FilterMatchers = {},
  ordered = false,
): ResourceDict[] {
  // The marker is placed among all visible items, filtered or not, as neutron compares its sort keys.
  const sorted = ordered ? sortItems(items, options.sorts ?? []) : sortWithId(items, options);
  const matches = (item: ResourceDict): boolean => matchesFiltersWith(item, options.filters ?? {}, matchers);
  const result = page(sorted, options, markerNotFound, matches);
  return options.fields && options.fields.length > 0 ? result.map((item) => selectFields(item, options.fields!)) : result;
}

/**
 * The attributes a list asked for `fields` must build before
 * applyListOptions: those, the ones its filters and sorts read (a tag
 * filter reads `tags`), and the id that places the marker. Undefined
 * (every attribute) without `fields`.
 */
export function loadedFields(options: ListOptions): string[] | undefined {
  if (!options.fields || options.fields.length === 0) return undefined;
  const names = new Set(['id', ...options.fields]);
  for (const name of Object.keys(options.filters ?? {})) names.add(isTagFilter(name) ? 'tags' : name);
  for (const sort of options.sorts ?? []) names.add(sort.key);
  return [...names];
}

/** Filters needing more than lib's `matchesFilters` (fixed_ips), by name. */
export type FilterMatchers = Readonly<Record<string, (item: ResourceDict, values: readonly unknown[]) => boolean>>;

/** lib's `matchesFilters` (neutron's semantics, tag filters included), with `matchers` deciding the filters they name. */
function matchesFiltersWith(item: ResourceDict, filters: Filters, matchers: FilterMatchers): boolean {
  const rest: Record<string, readonly unknown[]> = {};
  for (const [name, values] of Object.entries(filters)) {
    const matcher = matchers[name];
    if (!matcher) rest[name] = values;
    else if (!matcher(item, values)) return false;
  }
  return matchesFilters(item, rest);
}

/** With `id` appended as the tie-breaker, as neutron's sort_by does, so pages are stable. */
function sortWithId(items: ResourceDict[], options: ListOptions): ResourceDict[] {
  const sorts = [...(options.sorts ?? [])];
  if (!sorts.some((sort) => sort.key === 'id')) sorts.push({ key: 'id', direction: 'asc' });
  return sortItems(items, sorts);
}

function page(items: ResourceDict[], options: ListOptions, markerNotFound: (id: string) => Error, matches: (item: ResourceDict) => boolean): ResourceDict[] {
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
