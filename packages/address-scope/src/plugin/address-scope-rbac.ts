import { randomUUID } from 'node:crypto';
import type { ResourceDict } from '@net-server/lib';
import {
  ACCESS_SHARED,
  RbacPolicyInitError,
  WILDCARD,
  givenBoolean,
  sharedWith,
  type RbacCreateCheck,
  type RbacObjectType,
  type ResourceHooks,
  type Session,
} from 'net-server';
import type { AddressScopeTables } from '../db/schema.js';
import { AddressScopeNotFound, AddressScopeUpdateError } from '../errors.js';

/** neutron's addressscoperbacs (migration address_scope_0002_rbac). */
export const ADDRESS_SCOPE_RBAC_TABLE = 'addressscoperbacs';

function scopesDb(session: Session) {
  return session.db.withTables<AddressScopeTables>();
}

/**
 * The `address_scope` RBAC object type (neutron's AddressScopeRBAC,
 * `rbac-address-scope`): access_as_shared to a project lets it see the
 * scope and put its subnet pools in it; a scope created (or updated)
 * `shared` has the entry for `*`. An entry a project's pools in the scope
 * depend on stays (RbacPolicyInUse).
 */
export function addressScopeRbac(): RbacObjectType {
  return {
    name: 'address_scope',
    table: ADDRESS_SCOPE_RBAC_TABLE,
    async find(session, id) {
      const row = await scopesDb(session).selectFrom('address_scopes').select(['id', 'project_id']).where('id', '=', id).executeTakeFirst();
      return row && { id: row.id, project_id: row.project_id ?? '' };
    },
    notFound: (id) => new AddressScopeNotFound({ address_scope_id: id }),
    async boundProjects(session, id) {
      const rows = await session.db.selectFrom('subnetpools').select('project_id').distinct().where('address_scope_id', '=', id).execute();
      return new Set(rows.map((row) => row.project_id));
    },
  };
}

/**
 * neutron's SubnetPool.validate_rbac_policy_create: a subnet pool in a
 * scope is shared only with a project the scope is shared with (or when the
 * scope is shared with everyone).
 */
export const poolTargetSeesScope: RbacCreateCheck = async (session, entry) => {
  const pool = await session.db.selectFrom('subnetpools').select('address_scope_id').where('id', '=', entry.object_id).executeTakeFirst();
  const scopeId = pool?.address_scope_id;
  if (!scopeId) return;
  const shared = await sharedWith(scopesDb(session), ADDRESS_SCOPE_RBAC_TABLE, entry.target_project, [scopeId]);
  if (!shared.has(scopeId))
    throw new RbacPolicyInitError({ object_id: entry.object_id, reason: "target project doesn't have access to associated address scope" });
};

async function shareWithAll(session: Session, scope: ResourceDict): Promise<void> {
  const id = String(scope['id']);
  const existing = await scopesDb(session)
    .selectFrom('addressscoperbacs')
    .select('id')
    .where('object_id', '=', id)
    .where('target_project', '=', WILDCARD)
    .where('action', '=', ACCESS_SHARED)
    .executeTakeFirst();
  if (existing) return;
  await scopesDb(session)
    .insertInto('addressscoperbacs')
    .values({ id: randomUUID(), project_id: String(scope['project_id'] ?? ''), object_id: id, target_project: WILDCARD, action: ACCESS_SHARED })
    .execute();
}

/**
 * What `shared` in a request does to address scopes (after the kit's
 * rbacSharing, which shows them to the projects they are shared with and
 * gives them their `shared`): on create or update it adds the entry for
 * `*`; a shared scope cannot be unshared (neutron's update_address_scope).
 */
export const addressScopeRbacHooks: ResourceHooks = {
  async precommitCreate(session, request, scope) {
    if (givenBoolean(request, 'shared')) await shareWithAll(session, scope);
  },
  async precommitUpdate(session, request, original) {
    const shared = givenBoolean(request, 'shared');
    if (shared === false && original['shared'] === true) {
      throw new AddressScopeUpdateError({ address_scope_id: original['id'], reason: "Shared address scope can't be unshared" });
    }
    if (shared === true) await shareWithAll(session, original);
  },
};
