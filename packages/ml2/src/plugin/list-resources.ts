import { isTagFilter, matchesTagFilters, type ListOptions, type ResourceDict } from '@net-server/lib';

// neutron compares filter values with the stored ones as text ("True" for booleans, "None" for null).
function filterMatches(value: unknown, wanted: unknown): boolean {
  if (value === null || value === undefined) return wanted === null || wanted === '' || wanted === 'None';
  if (typeof value === 'boolean') return String(wanted).toLowerCase() === String(value);
  if (Array.isArray(value)) return value.some((entry) => filterMatches(entry, wanted));
  return String(value) === String(wanted);
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : 1;
}

/**
 * Applies the API's list options to ML2's own resources (agents, security
 * groups, rules), which the plugin lists in memory: filters, sorting with
 * `id` as the tie-breaker, marker pages in either direction, limit, fields;
 * the tag filters are lib's.
 * The API relies on the core plugin for these (the DB base plugin declares
 * native sorting and pagination), so ML2 must honour them here too.
 */
export function listResources(items: readonly ResourceDict[], options: ListOptions, markerNotFound: (id: string) => Error): ResourceDict[] {
  const sorts = [...(options.sorts ?? [])];
  if (!sorts.some((sort) => sort.key === 'id')) sorts.push({ key: 'id', direction: 'asc' });
  const ordered = [...items].sort((a, b) => {
    for (const { key, direction } of sorts) {
      const order = compare(a[key], b[key]);
      if (order !== 0) return direction === 'asc' ? order : -order;
    }
    return 0;
  });
  let window = ordered;
  if (options.marker !== undefined) {
    const at = ordered.findIndex((item) => item['id'] === options.marker);
    if (at < 0) throw markerNotFound(options.marker);
    window = options.pageReverse ? ordered.slice(0, at) : ordered.slice(at + 1);
  }
  const filters = Object.entries(options.filters ?? {}).filter(([key]) => !isTagFilter(key));
  window = window.filter(
    (item) => matchesTagFilters(item, options.filters ?? {}) && filters.every(([key, values]) => values.some((wanted) => filterMatches(item[key], wanted))),
  );
  const limit = options.limit !== undefined && options.limit > 0 ? options.limit : undefined;
  if (limit !== undefined) window = options.pageReverse ? window.slice(Math.max(0, window.length - limit)) : window.slice(0, limit);
  const fields = options.fields ?? [];
  return fields.length === 0 ? window : window.map((item) => Object.fromEntries(fields.filter((f) => f in item).map((f) => [f, item[f]])));
}
