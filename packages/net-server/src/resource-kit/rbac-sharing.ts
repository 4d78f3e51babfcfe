import { objectsSharedWith, sharedWith } from '../db-base-plugin/network-rbac/rbac-object-type.js';
import type { ResourceHooks } from './resource-hooks.js';

/**
 * The hooks of a resource shared through RBAC entries (neutron's
 * NeutronRbacObject: address scopes, QoS policies): a project also sees the
 * rows access_as_shared entries in `rbacTable` give it or everyone, and a
 * dict's `shared` is whether its row is shared with the caller's project
 * (neutron's is_shared_with_project). Added to an `owner` resource's hooks
 * before any that read `shared`; how `shared` in a request changes the
 * entries stays the resource's own.
 */
export function rbacSharing(rbacTable: string): ResourceHooks {
  return {
    alsoVisible: (session) => objectsSharedWith(session.db, rbacTable, session.context.projectId ?? '').$asScalar(),
    async extendDicts(session, resources) {
      const shared = await sharedWith(
        session.db,
        rbacTable,
        session.context.projectId ?? '',
        resources.map((resource) => String(resource['id'])),
      );
      for (const resource of resources) resource['shared'] = shared.has(String(resource['id']));
    },
  };
}
