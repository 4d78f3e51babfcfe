import { randomUUID } from 'node:crypto';
import { SubnetPoolNotFound } from '@net-server/lib';
import { ACCESS_SHARED, WILDCARD } from './network-rbac/network-rbac-entries.js';
import type { RbacObjectType } from './network-rbac/rbac-object-type.js';
import type { Session } from './session.js';

/** neutron's subnetpoolrbacs (migration core_0005_subnetpool_rbac). */
export const SUBNETPOOL_RBAC_TABLE = 'subnetpoolrbacs';

/**
 * The `subnetpool` RBAC object type (neutron's SubnetPoolRBAC,
 * `rbac-subnetpool`): access_as_shared to a project lets it see the pool
 * and allocate its subnets from it; a pool created `shared` has the entry
 * for `*`. An entry a project's subnets from the pool depend on stays
 * (RbacPolicyInUse). The address-scope package checks that the target may
 * use the pool's scope.
 */
export function subnetPoolRbac(): RbacObjectType {
  return {
    name: 'subnetpool',
    table: SUBNETPOOL_RBAC_TABLE,
    find: (session, id) => session.db.selectFrom('subnetpools').select(['id', 'project_id']).where('id', '=', id).executeTakeFirst(),
    notFound: (id) => new SubnetPoolNotFound({ subnetpool_id: id }),
    async boundProjects(session, id) {
      const rows = await session.db.selectFrom('subnets').select('project_id').distinct().where('subnetpool_id', '=', id).execute();
      return new Set(rows.map((row) => row.project_id));
    },
  };
}

/** Shares a new pool with every project (neutron's attach_rbac for a pool created `shared`). */
export async function sharePoolWithAll(session: Session, pool: { id: string; project_id: string }): Promise<void> {
  await session.db
    .insertInto('subnetpoolrbacs')
    .values({ id: randomUUID(), project_id: pool.project_id, object_id: pool.id, target_project: WILDCARD, action: ACCESS_SHARED })
    .execute();
}
