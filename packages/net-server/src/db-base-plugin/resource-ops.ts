import type { ResourceDict } from '@net-server/lib';
import type { CoreResourceName } from './hooks.js';
import type { FilterMatchers } from './list-query.js';
import type { Session } from './session.js';

/** Narrows a row query to rows whose `column` has one of `values`. */
export interface RowFilter<Column extends string = string> {
  column: Column;
  values: readonly string[];
}

export function byIds(ids: readonly string[]): RowFilter<'id'> {
  return { column: 'id', values: ids };
}

/**
 * How the plugin's generic create/update/delete/get/list steps reach one
 * core resource's rows: one table of these per resource keeps the
 * transaction and hook choreography in one place.
 */
export interface ResourceOps<Row extends { id: string }> {
  readonly member: CoreResourceName;
  /** Rows the session's caller may see, all or those the filter (on one of `narrowBy`) selects. */
  loadRows(session: Session, filter?: RowFilter): Promise<Row[]>;
  makeDicts(session: Session, rows: readonly Row[]): Promise<ResourceDict[]>;
  notFound(id: string): Error;
  insert(session: Session, body: Readonly<Record<string, unknown>>): Promise<string>;
  update(session: Session, row: Row, body: Readonly<Record<string, unknown>>): Promise<void>;
  /**
   * Before a delete's precommit hooks: refuses a resource in use and
   * deletes what goes with it (a network's DHCP ports and subnets).
   */
  release?(session: Session, row: Row): Promise<void>;
  /** Deletes the rows. */
  remove(session: Session, row: Row): Promise<void>;
  /** Filter names whose matching is not plain equality. */
  readonly matchers?: FilterMatchers;
  /** Columns a list filter narrows in SQL, most selective first; the rest filter the dicts. */
  readonly narrowBy: readonly string[];
}
