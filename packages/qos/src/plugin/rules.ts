import { isAttrSpecified, matchesFilters, type Context, type ListOptions, type ResourceDict, type ResourceRequest } from '@net-server/lib';
import type { Session } from 'net-server';
import { randomUUID } from 'node:crypto';
import { ANY_DIRECTION, RULE_TYPE_BANDWIDTH_LIMIT, RULE_TYPE_DSCP_MARKING, RULE_TYPE_MINIMUM_BANDWIDTH, RULE_TYPE_MINIMUM_PACKET_RATE } from '../constants.js';
import { qosView } from '../db/schema.js';
import { QoSRuleParameterConflict, QoSRulesConflict, QosRuleNotFound } from '../errors.js';
import type { PolicyPush } from '../rpc/policy-push.js';
import type { QosCorePlugin } from './core-access.js';
import type { Policies } from './policies.js';
import type { QosPolicyRecord } from './policy-record.js';
import type { PolicyValidation } from './policy-validation.js';
import { duplicates, PLACEMENT_RULE_TYPES, type QosRule, type RuleKind } from './rule-kinds.js';

/** A rule as its own resource shows it: its parameters and id (neutron's rule to_dict less the policy id and type). */
function ruleDict(kind: RuleKind, rule: QosRule): ResourceDict {
  return { id: rule.id, ...Object.fromEntries(kind.parameters.map((parameter) => [parameter, rule[parameter] ?? null])) };
}

/** The parameters a request sets, after the API's defaults and converters. */
function requestedParameters(kind: RuleKind, body: ResourceRequest): Record<string, string | number | null> {
  const values: Record<string, string | number | null> = {};
  for (const parameter of kind.parameters) {
    const value = body[parameter];
    if (value === undefined || !isAttrSpecified(value)) continue;
    values[parameter] = typeof value === 'number' || value === null ? value : String(value);
  }
  return values;
}

/**
 * neutron's check_bandwidth_rule_conflict: a minimum bandwidth may not
 * exceed the policy's bandwidth limit, nor a limit fall under its minimum.
 */
function checkBandwidthRuleConflict(policy: QosPolicyRecord, values: Record<string, string | number | null>): void {
  for (const rule of policy.rules) {
    if (rule.type === RULE_TYPE_DSCP_MARKING) continue;
    if (rule.type === RULE_TYPE_MINIMUM_BANDWIDTH && values['max_kbps'] !== undefined && Number(rule['min_kbps']) > Number(values['max_kbps'])) {
      throw new QoSRuleParameterConflict({ rule_value: values['max_kbps'], policy_id: policy.id, existing_rule: rule.type, existing_value: rule['min_kbps'] });
    }
    if (rule.type === RULE_TYPE_BANDWIDTH_LIMIT && values['min_kbps'] !== undefined && Number(rule['max_kbps']) < Number(values['min_kbps'])) {
      throw new QoSRuleParameterConflict({ rule_value: values['min_kbps'], policy_id: policy.id, existing_rule: rule.type, existing_value: rule['max_kbps'] });
    }
  }
}

/** neutron's check_min_pps_rule_conflict: a policy's minimum packet rate rules are either all for `any` direction or none is. */
function checkMinPpsRuleConflict(policy: QosPolicyRecord, candidate: QosRule): void {
  if (candidate.type !== RULE_TYPE_MINIMUM_PACKET_RATE) return;
  for (const rule of policy.rules) {
    if (rule.type !== RULE_TYPE_MINIMUM_PACKET_RATE || rule.id === candidate.id) continue;
    if ((candidate['direction'] === ANY_DIRECTION) !== (rule['direction'] === ANY_DIRECTION)) {
      throw new QoSRuleParameterConflict({
        rule_value: candidate['direction'],
        policy_id: policy.id,
        existing_rule: rule.type,
        existing_value: rule['direction'],
      });
    }
  }
}

/** neutron's check_rules_conflict: one rule per type (per direction, for the directional types) in a policy. */
function checkRulesConflict(policy: QosPolicyRecord, candidate: QosRule): void {
  for (const rule of policy.rules) {
    if (rule.id !== candidate.id && duplicates(rule, candidate))
      throw new QoSRulesConflict({ new_rule_type: candidate.type, rule_id: rule.id, policy_id: policy.id });
  }
}

/**
 * The rules of one type, as sub-resources of their policy
 * (`/qos/policies/{id}/bandwidth_limit_rules`) and through the alias API
 * (`/qos/alias-bandwidth-limit-rules/{id}`): neutron's create/update/
 * delete/get_policy_rule, each checking the policy is visible, the rules do
 * not conflict and the loaded drivers can enforce the policy where it is
 * attached, then pushing the policy to agents.
 */
export class Rules {
  constructor(
    readonly kind: RuleKind,
    private readonly core: QosCorePlugin,
    private readonly policies: Policies,
    private readonly validation: PolicyValidation,
    private readonly push: PolicyPush | undefined,
  ) {}

  async create(context: Context, policyId: string, body: ResourceRequest): Promise<ResourceDict> {
    const values = requestedParameters(this.kind, body);
    const { rule, policy } = await this.#change(context, policyId, async (session, policy) => {
      checkBandwidthRuleConflict(policy, values);
      const rule: QosRule = { ...values, id: randomUUID(), qos_policy_id: policyId, type: this.kind.type };
      checkMinPpsRuleConflict(policy, rule);
      checkRulesConflict(policy, rule);
      // Kysely types a write to one table, not to one of three; the kind's parameters are its table's columns.
      await qosView(session.db)
        .insertInto(this.kind.table)
        .values({ id: rule.id, qos_policy_id: policyId, ...values } as never)
        .execute();
      return rule;
    });
    await this.push?.updated(context, policy);
    return ruleDict(this.kind, policy.rules.find((stored) => stored.id === rule.id) ?? rule);
  }

  async update(context: Context, ruleId: string, policyId: string, body: ResourceRequest): Promise<ResourceDict> {
    const values = requestedParameters(this.kind, body);
    const { policy } = await this.#change(context, policyId, async (session, policy) => {
      checkBandwidthRuleConflict(policy, values);
      const existing = this.#ruleOf(policy, ruleId);
      const rule: QosRule = { ...existing, ...values };
      checkMinPpsRuleConflict(policy, rule);
      checkRulesConflict(policy, rule);
      if (Object.keys(values).length > 0) {
        await qosView(session.db)
          .updateTable(this.kind.table)
          .set(values as never)
          .where('id', '=', ruleId)
          .execute();
      }
      return rule;
    });
    await this.push?.updated(context, policy);
    return ruleDict(this.kind, this.#ruleOf(policy, ruleId));
  }

  async delete(context: Context, ruleId: string, policyId: string): Promise<void> {
    const { policy } = await this.#change(
      context,
      policyId,
      async (session, policy) => {
        const rule = this.#ruleOf(policy, ruleId);
        await qosView(session.db).deleteFrom(this.kind.table).where('id', '=', ruleId).execute();
        return rule;
      },
      true,
    );
    await this.push?.updated(context, policy);
  }

  get(context: Context, ruleId: string, policyId: string): Promise<ResourceDict> {
    return this.core.transactions.read(context, async (session) => ruleDict(this.kind, this.#ruleOf(await this.policies.policy(session, policyId), ruleId)));
  }

  list(context: Context, policyId: string, options: ListOptions = {}): Promise<ResourceDict[]> {
    return this.core.transactions.read(context, async (session) => {
      const policy = await this.policies.policy(session, policyId);
      return policy.rules
        .filter((rule) => rule.type === this.kind.type)
        .map((rule) => ruleDict(this.kind, rule))
        .filter((rule) => matchesFilters(rule, options.filters));
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

  #ruleOf(policy: QosPolicyRecord, ruleId: string): QosRule {
    const rule = policy.rules.find((candidate) => candidate.id === ruleId && candidate.type === this.kind.type);
    if (!rule) throw new QosRuleNotFound({ policy_id: policy.id, rule_id: ruleId });
    return rule;
  }

  /**
   * One rule change in a transaction: the policy as the caller sees it, the
   * change, the policy reloaded and revised. A created or updated rule must
   * be enforceable on every port the policy reaches (neutron's
   * validate_policy); a minimum bandwidth or packet rate change, deletions
   * included, is refused on a policy compute ports use
   * (reject_rule_update_for_bound_port).
   * neutron validates nothing else on a delete. The ports are listed once,
   * and only when a check needs them.
   */
  async #change(
    context: Context,
    policyId: string,
    change: (session: Session, policy: QosPolicyRecord) => Promise<QosRule>,
    deleting = false,
  ): Promise<{ rule: QosRule; policy: QosPolicyRecord }> {
    return this.core.transactions.write(context, async (session) => {
      const rule = await change(session, await this.policies.policy(session, policyId));
      await this.policies.revise(session, policyId);
      const policy = await this.policies.policy(session, policyId);
      const placement = PLACEMENT_RULE_TYPES.includes(rule.type);
      if (!deleting || placement) {
        const ports = await this.validation.portsWithPolicy(session, policyId);
        if (!deleting) await this.validation.validatePolicy(session, policy, ports);
        if (placement) this.validation.rejectRuleUpdateForBoundPort(ports);
      }
      return { rule, policy };
    });
  }
}
