import { randomUUID } from 'node:crypto';
import { InvalidSharedSetting } from '@net-server/lib';
import type { CoreDb } from '../schema.js';
import type { Session } from '../session.js';
import { inChunks } from '../standard-attributes.js';

/** neutron's rbac_db_models.ACCESS_SHARED: the target may use the network as its own (ports, and subnets as policy allows). */
export const ACCESS_SHARED = 'access_as_shared';
/** neutron's rbac_db_models.ACCESS_EXTERNAL: the target may use the network as an external one (router gateways, floating IPs). */
export const ACCESS_EXTERNAL = 'access_as_external';
/** The target_project of an entry for every project. */
export const WILDCARD = '*';

/**
 * Ids of the networks that entries with one of `actions` grant `project`
 * or every project, as a subquery: neutron's rbac query filter.
 */
export function networksGrantedTo(db: CoreDb, project: string, actions: readonly string[]) {
  return db
    .selectFrom('networkrbacs')
    .select('object_id')
    .where('action', 'in', [...actions])
    .where('target_project', 'in', [project, WILDCARD]);
}

/**
 * The networks among `ids` that are shared with the session's caller, by an
 * entry for their project or for `*`: what a network's and its subnets'
 * `shared` shows (neutron's _is_network_shared).
 */
export async function sharedWithCaller(session: Session, ids: readonly string[]): Promise<Set<string>> {
  const project = session.context.projectId ?? '';
  const rows = await inChunks([...new Set(ids)], (part) => networksGrantedTo(session.db, project, [ACCESS_SHARED]).where('object_id', 'in', part).execute());
  return new Set(rows.map((row) => row.object_id));
}

/** Adds the `*` entry of `action` for a network, owned by the network's project (neutron creates it so for `shared` and `router:external`). */
export async function grantToAll(session: Session, network: { id: string; project_id: string }, action: string): Promise<void> {
  await session.db
    .insertInto('networkrbacs')
    .values({ id: randomUUID(), project_id: network.project_id, object_id: network.id, target_project: WILDCARD, action })
    .execute();
}

/** Removes a network's `*` entry of `action` (or all its entries of `action`, with `everyTarget`). */
export async function revokeFromAll(session: Session, networkId: string, action: string, everyTarget = false): Promise<void> {
  const query = session.db.deleteFrom('networkrbacs').where('object_id', '=', networkId).where('action', '=', action);
  await (everyTarget ? query : query.where('target_project', '=', WILDCARD)).execute();
}

/** The targets of a network's entries of `action`. */
export async function targetsOf(session: Session, networkId: string, action: string): Promise<string[]> {
  const rows = await session.db.selectFrom('networkrbacs').select('target_project').where('object_id', '=', networkId).where('action', '=', action).execute();
  return rows.map((row) => row.target_project);
}

/**
 * neutron's ensure_no_tenant_ports_on_network: `lost` (a project or `*`)
 * is losing the access_as_shared entry that lets it use the network;
 * InvalidSharedSetting when ports of a project left without access remain.
 * For `*`, projects with entries of their own and the owner keep access;
 * for a project, a `*` entry still covers it.
 */
export async function ensureNoPortsLosingAccess(session: Session, network: { id: string; project_id: string }, lost: string): Promise<void> {
  const targets = await targetsOf(session, network.id, ACCESS_SHARED);
  const ports = session.db.selectFrom('ports').select('id').where('network_id', '=', network.id);
  let port: { id: string } | undefined;
  if (lost === WILDCARD) {
    const allowed = [...targets.filter((target) => target !== WILDCARD), network.project_id];
    port = await ports.where('project_id', 'not in', allowed).executeTakeFirst();
  } else {
    if (targets.includes(WILDCARD)) return;
    port = await ports.where('project_id', '=', lost).executeTakeFirst();
  }
  if (port) throw new InvalidSharedSetting({ network: network.id });
}
