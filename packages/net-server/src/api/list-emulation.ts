import type { ResourceDict, Sort } from '@net-server/lib';

/*
 * Sorting and pagination done by the API for plugins without native
 * support (neutron's SortingEmulatedHelper and PaginationEmulatedHelper),
 * and the `<collection>_links` both kinds of plugins get.
 */

export function sortItems(items: ResourceDict[], sorts: readonly Sort[]): ResourceDict[] {
  if (sorts.length === 0) return items;
  return [...items].sort((a, b) => {
    for (const { key, direction } of sorts) {
      const order = compare(a[key], b[key]);
      if (order !== 0) return direction === 'asc' ? order : -order;
    }
    return 0;
  });
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const left = typeof a === 'object' ? JSON.stringify(a) : String(a);
  const right = typeof b === 'object' ? JSON.stringify(b) : String(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** One page after `marker` (before it with pageReverse); an unknown marker gives an empty page. `key` is the resource's primary key. */
export function paginate(items: ResourceDict[], limit: number, marker: string | undefined, pageReverse: boolean, key = 'id'): ResourceDict[] {
  if (limit <= 0 || items.length === 0) return limit <= 0 ? items : [];
  let index: number;
  if (marker !== undefined) {
    index = items.findIndex((item) => item[key] === marker);
    if (index < 0) return [];
  } else {
    index = pageReverse ? items.length : 0;
  }
  if (pageReverse) return items.slice(Math.max(index - limit, 0), index);
  return items.slice(marker === undefined ? index : index + 1, (marker === undefined ? index : index + 1) + limit);
}

export interface PageLink {
  rel: 'next' | 'previous';
  href: string;
}

/** neutron's get_pagination_links: next unless the last forward page, previous unless the first. */
export function paginationLinks(
  baseUrl: string,
  params: URLSearchParams,
  page: readonly ResourceDict[],
  limit: number,
  pageReverse: boolean,
  key = 'id',
): PageLink[] {
  if (limit <= 0) return [];
  const links: PageLink[] = [];
  if (!(page.length < limit && !pageReverse)) {
    const next = new URLSearchParams(params);
    next.delete('marker');
    if (page.length > 0) next.set('marker', String(page[page.length - 1]![key]));
    next.delete('page_reverse');
    links.push({ rel: 'next', href: `${baseUrl}?${next.toString()}` });
  }
  if (!(page.length < limit && pageReverse)) {
    const previous = new URLSearchParams(params);
    previous.delete('marker');
    if (page.length > 0) previous.set('marker', String(page[0]![key]));
    previous.set('page_reverse', 'True');
    links.push({ rel: 'previous', href: `${baseUrl}?${previous.toString()}` });
  }
  return links;
}
