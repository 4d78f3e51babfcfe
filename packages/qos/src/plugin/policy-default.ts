import type { QosDb } from '../db/schema.js';
import { QoSPolicyDefaultAlreadyExists } from '../errors.js';

/** The project's default policy (neutron's QosPolicyDefault), which its new networks get. */
export async function defaultPolicyId(db: QosDb, projectId: string): Promise<string | undefined> {
  return (await db.selectFrom('qos_policies_default').select('qos_policy_id').where('project_id', '=', projectId).executeTakeFirst())?.qos_policy_id;
}

/** The default policies among `policyIds`. */
export async function defaultsAmong(db: QosDb, policyIds: readonly string[]): Promise<Set<string>> {
  const rows = await db
    .selectFrom('qos_policies_default')
    .select('qos_policy_id')
    .where('qos_policy_id', 'in', [...policyIds])
    .execute();
  return new Set(rows.map((row) => row.qos_policy_id));
}

/**
 * neutron's QosPolicy set_default/unset_default: one default policy per
 * project (QoSPolicyDefaultAlreadyExists for a second); whether the
 * policy's `is_default` changed.
 */
export async function setDefault(db: QosDb, policy: { id: string; project_id: string }, isDefault: boolean): Promise<boolean> {
  const current = await defaultPolicyId(db, policy.project_id);
  if (isDefault) {
    if (current === policy.id) return false;
    if (current !== undefined) throw new QoSPolicyDefaultAlreadyExists({ project_id: policy.project_id });
    await db.insertInto('qos_policies_default').values({ project_id: policy.project_id, qos_policy_id: policy.id }).execute();
    return true;
  }
  if (current !== policy.id) return false;
  await db.deleteFrom('qos_policies_default').where('project_id', '=', policy.project_id).execute();
  return true;
}
