import type { Filters } from '../plugins/list-options.js';

/** neutron's tag filters (neutron.extensions.tagging): TAGS, TAGS_ANY, NOT_TAGS, NOT_TAGS_ANY. */
export const TAG_FILTERS = ['tags', 'tags-any', 'not-tags', 'not-tags-any'] as const;
export type TagFilter = (typeof TAG_FILTERS)[number];

export function isTagFilter(name: string): name is TagFilter {
  return (TAG_FILTERS as readonly string[]).includes(name);
}

/** The tags a filter names: a value may list several, comma separated (`tags-any=red,blue` is `tags-any=red&tags-any=blue`), as neutron's _get_tag_list. */
function filterTags(values: readonly unknown[]): string[] {
  return [...new Set(values.flatMap((value) => String(value).split(',')))];
}

/**
 * Whether a resource's tags pass one filter, as neutron's
 * _apply_tag_filters: `tags` has all of them, `tags-any` one of them,
 * `not-tags` not all of them, `not-tags-any` none of them.
 */
export function matchesTagFilter(filter: TagFilter, tags: readonly string[], values: readonly unknown[]): boolean {
  const wanted = filterTags(values);
  const has = (tag: string): boolean => tags.includes(tag);
  switch (filter) {
    case 'tags':
      return wanted.every(has);
    case 'tags-any':
      return wanted.some(has);
    case 'not-tags':
      return !wanted.every(has);
    case 'not-tags-any':
      return !wanted.some(has);
  }
}

/** Whether a resource dict's `tags` pass every tag filter among `filters`; the other filters are left to the caller. */
export function matchesTagFilters(resource: Readonly<Record<string, unknown>>, filters: Filters): boolean {
  const value = resource['tags'];
  const tags = Array.isArray(value) ? value.map(String) : [];
  return Object.entries(filters).every(([name, values]) => !isTagFilter(name) || matchesTagFilter(name, tags, values));
}
