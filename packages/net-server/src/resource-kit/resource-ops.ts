import type { ResourceDict } from '@net-server/lib';
import type { Session } from '../db-base-plugin/session.js';
import type { FilterMatchers } from './list-options.js';
import type { RequestBody } from './request-body.js';

/** Narrows a row query to rows whose `column` has one of `values`. */
export interface RowFilter<Column extends string = string> {
  column: Column;
  values: readonly string[];
}

/**
 * One page of a list in id order, as keyset paging reads it: up to `limit`
 * rows whose id follows `marker` (precedes it with `reverse`: the last
 * `limit` before it), returned in ascending id order. Without a marker, the
 * first (with `reverse` the last) `limit` rows.
 */
export interface RowPage {
  limit: number;
  marker?: string;
  reverse: boolean;
}

export function byIds(ids: readonly string[]): RowFilter<'id'> {
  return { column: 'id', values: ids };
}

/**
 * How a ResourceEngine reaches one resource's rows: the engine keeps the
 * transaction, hook and not-found choreography in one place, these say
 * what is stored where. A table-backed resource gets them from its
 * descriptor (tableResourceOps); the core's networks, subnets, subnet pools
 * and ports write theirs by hand (IPAM, segments, DHCP ports...).
 */
export interface ResourceOps<Row extends { id: string }> {
  /** neutron's member name ("network", "metering_label"): bodies are unwrapped by it. */
  readonly member: string;
  /**
   * Rows the session's caller may see (the not-found rule: what they cannot
   * see does not exist for them), all or those the filter selects. With
   * `page` only that page of them: an index range scan from the marker
   * (selectRows reads both), so the last page of a large table costs what
   * the first does. An `ordered` loader is never asked for a page.
   */
  loadRows(session: Session, filter?: RowFilter, page?: RowPage): Promise<Row[]>;
  /**
   * The rows' dicts. With `fields` (a get or a list that names some; a
   * list adds what its filters and sorts read), the attributes outside
   * them may be left unloaded: the engine keeps only those asked for, so a
   * costly one (a network's subnets) need not be read for a caller that
   * wants the owner.
   */
  makeDicts(session: Session, rows: readonly Row[], fields?: readonly string[]): Promise<ResourceDict[]>;
  /** The resource's NotFound error (NetworkNotFound, MeteringLabelNotFound...). */
  notFound(id: string): Error;
  /**
   * Writes a new resource from a validated body: its id, for the engine to
   * read it back, or its dict as makeDicts would read it, for a resource
   * whose stored values are all known once written (ports: three reads
   * fewer per create).
   */
  insert(session: Session, body: RequestBody): Promise<string | ResourceDict>;
  update(session: Session, row: Row, body: RequestBody): Promise<void>;
  /**
   * Before a delete's precommit hooks: refuses a resource in use and
   * deletes what goes with it (a network's DHCP ports and subnets).
   */
  release?(session: Session, row: Row): Promise<void>;
  /** Deletes the rows (and the resource's tags). */
  remove(session: Session, row: Row): Promise<void>;
  /**
   * Whether loadRows returns rows in the resource's own order (ML2's
   * segments: by network and segment index), which lists keep, as neutron
   * lists them in the order of its query: sorts apply on top of it and
   * break their ties by it, not by id. Such a loader returns every row.
   */
  readonly ordered?: boolean;
  /** Filter names whose matching is not plain equality. */
  readonly matchers?: FilterMatchers;
  /** Columns a list filter narrows in SQL, most selective first: the first the request names does; every filter still applies to the dicts. */
  readonly narrowBy: readonly string[];
  /**
   * How many rows the projects own, in one SQL count: the quota check
   * before each create asks this of a caller who sees every row. Without
   * it the engine counts a list.
   */
  countByProjects?(session: Session, projects: readonly string[]): Promise<number>;
}
