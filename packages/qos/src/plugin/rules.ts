import type { Context } from '@net-server/lib';
import { ResourceHookChain, SubresourceEngine } from 'net-server';
import { qosView } from '../db/schema.js';
import { QosRuleNotFound } from '../errors.js';
import type { PolicyPush } from '../rpc/policy-push.js';
import type { QosCorePlugin } from './core-access.js';
import type { Policies } from './policies.js';
import type { QosPolicyRecord } from './policy-record.js';
import type { PolicyValidation } from './policy-validation.js';
import { PLACEMENT_RULE_TYPES, type QosRule, type RuleKind } from './rule-kinds.js';
import { ruleOps, type PolicyChange } from './rule-ops.js';

/**
 * What a rule change does to its policy, in the change's transaction once
 * the rule's row is written: the policy revised and reloaded, a created or
 * updated rule checked to be enforceable on every port the policy reaches
 * (neutron's validate_policy), a minimum bandwidth or packet rate change,
 * deletions included, refused on a policy compute ports use
 * (reject_rule_update_for_bound_port); neutron validates nothing else on a
 * delete. The ports are listed once, and only when a check needs them.
 * After the commit the policy goes to the agents.
 */
function policyChange(policies: Policies, validation: PolicyValidation, push: PolicyPush | undefined): PolicyChange {
  return async (session, rule, deleting) => {
    await policies.revise(session, rule.qos_policy_id);
    const policy = await policies.policy(session, rule.qos_policy_id);
    const placement = PLACEMENT_RULE_TYPES.includes(rule.type);
    if (!deleting || placement) {
      const ports = await validation.portsWithPolicy(session, policy.id);
      if (!deleting) await validation.validatePolicy(session, policy, ports);
      if (placement) validation.rejectRuleUpdateForBoundPort(ports);
    }
    if (push) session.afterCommit(() => push.updated(session.context, policy));
  };
}

/**
 * The rules of one type, as sub-resources of their policy
 * (`/qos/policies/{id}/bandwidth_limit_rules`) and through the alias API
 * (`/qos/alias-bandwidth-limit-rules/{id}`): neutron's create/update/
 * delete/get_policy_rule on the resource kit, each in one transaction that
 * loads the policy as the caller sees it (QosPolicyNotFound otherwise),
 * then changes the rule (rule-ops.ts) and its policy (policyChange).
 */
export class Rules extends SubresourceEngine<QosRule, QosPolicyRecord> {
  constructor(
    readonly kind: RuleKind,
    private readonly core: QosCorePlugin,
    policies: Policies,
    validation: PolicyValidation,
    push: PolicyPush | undefined,
  ) {
    const change = policyChange(policies, validation, push);
    super({
      parent: (session, policyId) => policies.policy(session, policyId),
      ops: (policy) => ruleOps(kind, policy, change),
      hooks: new ResourceHookChain(),
      transactions: core.transactions,
    });
  }

  /** The policy of a rule of this type, for the alias API; QosRuleNotFound (with an empty policy id, as neutron) when there is none. */
  policyOf(context: Context, ruleId: string): Promise<string> {
    return this.core.transactions.read(context, async (session) => {
      const row = await qosView(session.db).selectFrom(this.kind.table).select('qos_policy_id').where('id', '=', ruleId).executeTakeFirst();
      if (!row) throw new QosRuleNotFound({ policy_id: '', rule_id: ruleId });
      return row.qos_policy_id;
    });
  }
}
