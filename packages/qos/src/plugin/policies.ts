import { given, rbacSharing, ResourceStore, type CoreCapabilities, type ResourceHooks, type Session } from 'net-server';
import { QOS_POLICY_RBAC_TABLE, qosView, type QosDb, type QosPoliciesTable } from '../db/schema.js';
import type { PolicyPush } from '../rpc/policy-push.js';
import { defaultsAmong, setDefault } from './policy-default.js';
import { policyRecord, type QosPolicyRecord } from './policy-record.js';
import { shareWithAll } from './policy-rbac.js';
import { qosPolicyResource } from './policy-resource.js';
import { RULE_KINDS, type QosRule } from './rule-kinds.js';

/** The policies' rules by policy, in rule type order and by id within a type. */
async function rulesOf(db: QosDb, policyIds: readonly string[]): Promise<Map<string, QosRule[]>> {
  const rules = new Map<string, QosRule[]>();
  for (const kind of RULE_KINDS) {
    const found = await db
      .selectFrom(kind.table)
      .selectAll()
      .where('qos_policy_id', 'in', [...policyIds])
      .orderBy('id')
      .execute();
    for (const rule of found) {
      const list = rules.get(rule.qos_policy_id) ?? [];
      list.push({ ...rule, type: kind.type });
      rules.set(rule.qos_policy_id, list);
    }
  }
  return rules;
}

/**
 * What a policy shows besides its row (neutron's QosPolicy.to_dict): its
 * rules with their `type` and `is_default`; a new policy's `shared` and
 * `is_default` from the request, in its transaction.
 */
function policyContents(rbac: CoreCapabilities['networkRbac']): ResourceHooks {
  return {
    async extendDicts(session, policies) {
      const db = qosView(session.db);
      const ids = policies.map((policy) => String(policy['id']));
      const rules = await rulesOf(db, ids);
      const defaults = await defaultsAmong(db, ids);
      for (const policy of policies) {
        const id = String(policy['id']);
        policy['rules'] = rules.get(id) ?? [];
        policy['is_default'] = defaults.has(id);
      }
    },
    async precommitCreate(session, request, policy) {
      const owner = { id: String(policy['id']), project_id: String(policy['project_id']) };
      if (given(request, 'shared') === true) await shareWithAll(session, rbac, owner.id, owner.project_id, true);
      if (given(request, 'is_default') === true) await setDefault(qosView(session.db), owner, true);
    },
  };
}

/**
 * QoS policies (neutron's QoSPlugin create/update/delete/get_policy) on
 * the resource kit, in the core plugin's transactions: shared through RBAC
 * entries (`qos_policy`), their rules and default flag shown by hooks,
 * updates and deletions pushed to agents after the commit.
 */
export class Policies extends ResourceStore<QosPoliciesTable> {
  constructor(core: Pick<CoreCapabilities, 'transactions' | 'networkRbac'>, push: PolicyPush | undefined) {
    super(core.transactions, qosPolicyResource(core.networkRbac));
    this.hooks.add(rbacSharing(QOS_POLICY_RBAC_TABLE));
    this.hooks.add(policyContents(core.networkRbac));
    if (push) {
      this.hooks.add({
        postcommitUpdate: (context, _original, policy) => push.updated(context, policyRecord(policy)),
        postcommitDelete: (context, policy) => push.deleted(context, String(policy['id'])),
      });
    }
  }

  /** The policy as the session's caller sees it, with its rules; QosPolicyNotFound when it does not exist or is not visible (neutron's get_policy_obj). */
  async policy(session: Session, id: string): Promise<QosPolicyRecord> {
    return policyRecord((await this.find(session, id)).dict);
  }

  /** The policies with these ids (every one when absent) that the session's caller sees, by id. */
  async records(session: Session, ids?: readonly string[]): Promise<QosPolicyRecord[]> {
    const dicts = await this.listIn(session, ids === undefined ? {} : { filters: { id: ids } });
    return dicts.map(policyRecord);
  }
}
