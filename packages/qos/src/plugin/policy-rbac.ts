import { ACCESS_SHARED, WILDCARD, type CoreCapabilities, type RbacObjectType, type Session } from 'net-server';
import { randomUUID } from 'node:crypto';
import { QOS_POLICY_RBAC_TABLE, qosView } from '../db/schema.js';
import { QosPolicyNotFound } from '../errors.js';
import { policyBindings } from './policy-bindings.js';

/**
 * The `qos_policy` RBAC object type (neutron's QosPolicyRBAC): access_as_shared
 * to a project lets it see the policy and attach it to its networks, ports,
 * floating IPs and router gateways; the policy stays its owner's (and
 * admins') to change. An entry a project's resources depend on stays
 * (RbacPolicyInUse). As in neutron, entries do not revise the policy.
 */
export function qosPolicyRbac(): RbacObjectType {
  return {
    name: 'qos_policy',
    table: QOS_POLICY_RBAC_TABLE,
    find: (session, id) => qosView(session.db).selectFrom('qos_policies').select(['id', 'project_id']).where('id', '=', id).executeTakeFirst(),
    notFound: (id) => new QosPolicyNotFound({ policy_id: id }),
    boundProjects: (session, id) => policyBindings.boundProjects(qosView(session.db), id),
  };
}

/**
 * neutron's update_shared: `shared` on a policy is its access_as_shared
 * entry for '*', created for `owner` (the caller's project, or the policy's
 * on create) or removed through the core's RBAC entries (in this
 * transaction, which their write joins), which refuse it while projects not
 * given the policy otherwise use it (RbacPolicyInUse).
 */
export async function shareWithAll(session: Session, rbac: CoreCapabilities['networkRbac'], policyId: string, owner: string, shared: boolean): Promise<void> {
  const db = qosView(session.db);
  const wildcard = await db
    .selectFrom('qos_policies_rbacs')
    .selectAll()
    .where('object_id', '=', policyId)
    .where('target_project', '=', WILDCARD)
    .where('action', '=', ACCESS_SHARED)
    .executeTakeFirst();
  if ((wildcard !== undefined) === shared) return;
  if (!wildcard) {
    await db
      .insertInto('qos_policies_rbacs')
      .values({ id: randomUUID(), project_id: owner, object_id: policyId, target_project: WILDCARD, action: ACCESS_SHARED })
      .execute();
    return;
  }
  await rbac.delete(session.context.elevated(), wildcard.id);
}
