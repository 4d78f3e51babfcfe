import type { ResourceDict } from '@net-server/lib';
import type { CoreResourceName } from './hooks.js';
import type { FilterMatchers } from './list-query.js';
import type { Session } from './session.js';

/**
 * How the plugin's generic create/update/delete/get/list steps reach one
 * core resource's rows: one table of these per resource keeps the
 * transaction and hook choreography in one place.
 */
export interface ResourceOps<Row> {
  readonly member: CoreResourceName;
  /** Rows the session's caller may see; `ids` / `networkIds` narrow the query. */
  loadRows(session: Session, where: { ids?: readonly string[]; networkIds?: readonly string[] }): Promise<Row[]>;
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
  /** Whether the rows can be narrowed by network id in SQL. */
  readonly hasNetworkId: boolean;
}
