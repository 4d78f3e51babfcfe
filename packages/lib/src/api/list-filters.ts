import type { Filters } from '../plugins/list-options.js';
import { isTagFilter, matchesTagFilter } from './tag-filters.js';

/**
 * neutron's list filtering (model_query.apply_filters, with the tag
 * plugin's _apply_tag_filters) on built dicts, for plugins that filter in
 * memory. A filter's values are alternatives and filters combine with AND;
 * `tenant_id` means `project_id`; values compare as `sameFilterValue`; a
 * filter with no values matches nothing, as apply_filters answers no rows
 * for an empty list (`getPorts({ filters: { id: [] } })` is no ports).
 *
 * A filter on a key the dict lacks does not apply, as apply_filters skips a
 * name that is no column of the model: such names are the caller's
 * (fixed_ips...) or refused by the API's filter validation. The tag filters
 * (`tags`, `tags-any`, `not-tags`, `not-tags-any`, see `matchesTagFilter`)
 * follow the same rule. A resource type that supports tags always has
 * `tags` in its dicts, possibly empty, and an empty list fails `tags=x`. A
 * dict without `tags` is of a type without tag support: neutron registers
 * its tag filter hook only on taggable models, so the tag filters leave
 * that type's lists unchanged.
 */
export function matchesFilters(item: Readonly<Record<string, unknown>>, filters: Filters | undefined): boolean {
  if (!filters) return true;
  return Object.entries(filters).every(([name, values]) => {
    if (isTagFilter(name)) return !('tags' in item) || matchesTagFilter(name, tagsOf(item), values);
    const key = name === 'tenant_id' ? 'project_id' : name;
    return !(key in item) || values.some((value) => sameFilterValue(item[key], value));
  });
}

function tagsOf(item: Readonly<Record<string, unknown>>): string[] {
  const tags = item['tags'];
  return Array.isArray(tags) ? tags.map(String) : [];
}

/**
 * Whether a dict's value equals one filter value, as neutron's query does
 * once the API has converted the value, and tolerant of a value that was not
 * converted: null matches null, `''` and `None`; a boolean matches itself,
 * its text in any case (`True`, `false`) and 1 or 0 (SQL's booleans); a
 * list matches when one of its entries does, as ML2's `security_groups`
 * filter finds the ports bound to one of the groups; anything else compares
 * as text (`'4'` matches 4).
 */
export function sameFilterValue(actual: unknown, wanted: unknown): boolean {
  if (actual === wanted) return true;
  if (actual === null || actual === undefined) return wanted === null || wanted === '' || wanted === 'None';
  if (typeof actual === 'boolean') return wanted === (actual ? 1 : 0) || String(wanted).toLowerCase() === String(actual);
  if (Array.isArray(actual)) return actual.some((entry) => sameFilterValue(entry, wanted));
  return String(actual) === String(wanted);
}
