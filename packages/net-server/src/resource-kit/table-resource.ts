import type { Context, ResourceDict } from '@net-server/lib';
import type { Session } from '../db-base-plugin/session.js';
import type { FilterMatchers } from './list-options.js';
import type { RequestBody } from './request-body.js';

/**
 * Who sees a row, as neutron's model query scopes it (the rest is the API
 * policy's decision, on what the query returned):
 * - `owner`: rows carry `project_id`; a caller who sees every project
 *   (admin, advsvc) sees all of them, anyone else their project's;
 * - `owner-or-shared`: the same, plus rows whose `shared` column is true
 *   (neutron's models with a `shared` column, as metering labels);
 * - `admin`: only callers who see every project see anything;
 * - `everyone`: no rule of its own, for rows with no owner (neutron scopes
 *   nothing without `project_id`: a metering label rule is read by whoever
 *   the policy lets through).
 * Hooks' `alsoVisible` widens all but `everyone`, which shows everything.
 */
export type Visibility = 'owner' | 'owner-or-shared' | 'admin' | 'everyone';

/** The columns of the standard attributes neutron gives a resource with HasStandardAttributes. */
export interface StandardColumns {
  description: string;
  revision_number: number | string;
  created_at: string;
  updated_at: string;
}

/**
 * A resource stored as one row per resource in one table: what a
 * ResourceStore needs to create, update, delete, show and list it with
 * neutron's semantics. The kit owns `id`, `project_id` (for owned rows)
 * and, with `standardAttributes`, `description`, `created_at`,
 * `updated_at`, `revision_number` (bumped on every change) and the tags; the
 * descriptor maps the rest of its columns to the API's dict and back.
 */
export interface TableResource<Row extends { id: string }> {
  /** The table, created by the package's migration. */
  readonly table: string;
  /** neutron's member name ("metering_label"): hooks and wrapped bodies use it. */
  readonly member: string;
  /** The API collection ("metering_labels"); TagsCapable plugins list it among their taggable ones. */
  readonly collection: string;
  readonly visibility: Visibility;
  /**
   * Whether rows carry `project_id` (shown as `project_id` and `tenant_id`,
   * taken from the body or the caller on create). Always so for `owner` and
   * `owner-or-shared`; choose for the others.
   */
  readonly owned?: boolean;
  /**
   * neutron's standard attributes (HasStandardAttributes): the table has
   * the StandardColumns; dicts show them and the tags. Off for resources
   * neutron gives none (metering labels and rules).
   */
  readonly standardAttributes: boolean;
  /** The resource's NotFound error, for an id that does not exist or that the caller cannot see. */
  notFound(id: string): Error;
  /** The dict of the descriptor's own columns (the kit adds id, project, standard attributes). */
  toDict(row: Row): ResourceDict;
  /** The descriptor's own columns of a new row, from the API-validated body (read it with the kit's `given*`). */
  newRow(body: RequestBody, context: Context): Partial<Row>;
  /** The descriptor's own columns an update body changes; none when absent (nothing is updatable but the standard description). */
  changes?(body: RequestBody, row: Row): Partial<Row>;
  /**
   * What an update body changes outside the row that the resource shows (a
   * QoS policy's default flag, its RBAC sharing), written in the update's
   * transaction before the row's columns; true when that change revises the
   * resource as a column change does (neutron's revises_on_change), which
   * then gets one new revision for both.
   */
  changesElsewhere?(session: Session, body: RequestBody, row: Row): Promise<boolean>;
  /** Refuses deleting a resource in use, or deletes what goes with it, in the delete's transaction. */
  release?(session: Session, row: Row): Promise<void>;
  /**
   * Text columns a list filter narrows in SQL by plain equality, most
   * selective first; give indexed ones (`id` is always among them, and
   * `project_id` for owned rows). Every filter still applies to the dicts.
   */
  readonly sqlFilters?: readonly string[];
  /** Filters whose matching is not lib's `matchesFilters`, by name. */
  readonly matchers?: FilterMatchers;
}
