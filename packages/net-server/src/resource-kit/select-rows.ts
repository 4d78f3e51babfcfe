import { sql, type SelectQueryBuilder } from 'kysely';
import { inChunks } from '../db-base-plugin/standard-attributes.js';
import type { RowFilter, RowPage } from './resource-ops.js';

/**
 * The most values a paged list's filter binds in one IN list; the engine
 * pages in SQL only under it, since a filter read in chunks could not be
 * one page.
 */
export const PAGED_FILTER_VALUES = 500;

/**
 * What a loader's visibility-scoped query selects: the rows whose filter
 * column holds one of the filter's values (read in chunks of bound values),
 * and with `page` that page of them in id order, as an index range scan
 * from the marker (keyset paging: the last page costs what the first does).
 * Every loader of a ResourceOps reads through it, so they all page alike.
 */
export async function selectRows<DB, TB extends keyof DB, Row>(
  query: SelectQueryBuilder<DB, TB, Row>,
  filter: RowFilter | undefined,
  page?: RowPage,
): Promise<Row[]> {
  const narrowed = (values: readonly string[]) => query.where(sql<boolean>`${sql.ref(filter!.column)} in (${sql.join(values)})`);
  if (page === undefined) return filter ? inChunks(filter.values, (part) => narrowed(part).execute()) : query.execute();
  // As IN () would: an empty filter selects nothing.
  if (filter?.values.length === 0) return [];
  let paged = filter ? narrowed(filter.values) : query;
  if (page.marker !== undefined) paged = paged.where(sql<boolean>`${sql.ref('id')} ${sql.raw(page.reverse ? '<' : '>')} ${page.marker}`);
  const found = await paged
    .orderBy(sql.ref('id'), page.reverse ? 'desc' : 'asc')
    .limit(page.limit)
    .execute();
  return page.reverse ? found.reverse() : found;
}
