import type { NeutronException } from '@net-server/lib';
import type { Kysely } from 'kysely';
import type { NetworkRbacsTable } from '../schema.js';
import type { Session } from '../session.js';
import { ACCESS_SHARED, WILDCARD } from './network-rbac-entries.js';
import { RbacPolicyInUse } from './rbac-errors.js';

/** A row of an object type's entries table: the columns every neutron RBAC table has (rbac_db_models.RBACColumns). */
export type RbacEntryRow = NetworkRbacsTable;

/**
 * An RBAC object type besides networks, served on `/v2.0/rbac-policies`
 * (neutron's NeutronRbacObject: security groups, subnet pools, address
 * scopes), registered by the package owning the objects on the core's
 * `networkRbac.registerObjectType`. Its only action is access_as_shared:
 * a target project sees the object and uses it, without modifying it.
 */
export interface RbacObjectType {
  /** The API's `object_type`, e.g. `security_group`. */
  readonly name: string;
  /** The entries' table (RbacEntryRow's columns, unique on target_project, object_id, action), created by the owner's migration. */
  readonly table: string;
  /** The object, whoever owns it (neutron looks it up elevated); undefined when there is none. */
  find(session: Session, objectId: string): Promise<{ id: string; project_id: string } | undefined>;
  /** What a missing object answers (the type's NotFound). */
  notFound(objectId: string): NeutronException;
  /** The projects whose resources use the object (neutron's get_bound_project_ids). */
  boundProjects(session: Session, objectId: string): Promise<ReadonlySet<string>>;
  /** Records that the object's entries changed (its next revision), for types whose entries revise their object (neutron's revises_on_change). */
  changed?(session: Session, objectId: string): Promise<void>;
}

/** A query of an object type's entries table, on the core's or a package's view of the database. */
export function rbacTable<DB>(db: Kysely<DB>, table: string) {
  // The table is in the schema of the package owning the type, which the core's types do not know.
  return (db as unknown as Kysely<Record<string, RbacEntryRow>>).selectFrom(table);
}

/**
 * Ids of the objects in `table` that access_as_shared entries give
 * `project` or every project, as a subquery (neutron's rbac query filter),
 * for the owner's visibility checks.
 */
export function objectsSharedWith<DB>(db: Kysely<DB>, table: string, project: string) {
  return rbacTable(db, table).select('object_id').where('action', '=', ACCESS_SHARED).where('target_project', 'in', [project, WILDCARD]);
}

/**
 * The objects among `ids` shared with `project` or everyone: their
 * `shared` as the project sees it (neutron's is_shared_with_project).
 */
export async function sharedWith<DB>(db: Kysely<DB>, table: string, project: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await objectsSharedWith(db, table, project)
    .where('object_id', 'in', [...ids])
    .execute();
  return new Set(rows.map((row) => row.object_id));
}

/**
 * neutron's NeutronRbacObject._validate_rbac_policy_delete: `entry`'s
 * target loses access_as_shared; RbacPolicyInUse when a project using the
 * object keeps no access. For a project, a `*` entry still covers it; for
 * `*`, only projects with entries of their own keep access (the owner's
 * own use counts too, as in neutron).
 */
export async function ensureNoUseLosingAccess(session: Session, type: RbacObjectType, entry: RbacEntryRow): Promise<void> {
  if (entry.action !== ACCESS_SHARED) return;
  const bound = await type.boundProjects(session, entry.object_id);
  const targets = (
    await rbacTable(session.db, type.table).select('target_project').where('object_id', '=', entry.object_id).where('action', '=', ACCESS_SHARED).execute()
  ).map((row) => row.target_project);
  const inUse = new RbacPolicyInUse({ object_id: entry.object_id, details: `project_id=${entry.target_project}` });
  if (entry.target_project !== WILDCARD) {
    if (!targets.includes(WILDCARD) && bound.has(entry.target_project)) throw inUse;
    return;
  }
  if ([...bound].some((project) => !targets.includes(project))) throw inUse;
}
