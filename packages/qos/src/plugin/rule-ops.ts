import type { ResourceDict } from '@net-server/lib';
import { given, selectRows, type RequestBody, type ResourceOps, type Session } from 'net-server';
import { randomUUID } from 'node:crypto';
import { qosView } from '../db/schema.js';
import { QosRuleNotFound } from '../errors.js';
import type { QosPolicyRecord } from './policy-record.js';
import { checkBandwidthRuleConflict, checkMinPpsRuleConflict, checkRulesConflict } from './rule-conflicts.js';
import type { QosRule, RuleKind } from './rule-kinds.js';

/** What a written rule change does to its policy in the same transaction (rules.ts: revise it, check it, push it after the commit). */
export type PolicyChange = (session: Session, rule: QosRule, deleting: boolean) => Promise<void>;

/** A rule as its own resource shows it: its parameters and id (neutron's rule to_dict less the policy id and type). */
function ruleDict(kind: RuleKind, rule: QosRule): ResourceDict {
  return { id: rule.id, ...Object.fromEntries(kind.parameters.map((parameter) => [parameter, rule[parameter] ?? null])) };
}

/** The parameters a request sets, after the API's defaults and converters. */
function requestedParameters(kind: RuleKind, body: RequestBody): Record<string, string | number | null> {
  const values: Record<string, string | number | null> = {};
  for (const parameter of kind.parameters) {
    const value = given(body, parameter);
    if (value === undefined) continue;
    values[parameter] = typeof value === 'number' || value === null ? value : String(value);
  }
  return values;
}

/**
 * The rules of one type in one policy, as the resource kit reaches them
 * (neutron's create/update/delete_policy_rule): `policy` is the policy as
 * the caller saw it when the change began, which the rule may not conflict
 * with; a rule of another policy is not found, and QosRuleNotFound names
 * this one.
 */
export function ruleOps(kind: RuleKind, policy: QosPolicyRecord, policyChange: PolicyChange): ResourceOps<QosRule> {
  return {
    // The API hands rule bodies unwrapped; the member only unwraps neutron's wrapped form.
    member: kind.collection.slice(0, -1),
    narrowBy: ['id'],
    notFound: (id) => new QosRuleNotFound({ policy_id: policy.id, rule_id: id }),

    async loadRows(session, filter, page) {
      const rows = await selectRows(qosView(session.db).selectFrom(kind.table).selectAll().where('qos_policy_id', '=', policy.id), filter, page);
      return rows.map((row): QosRule => ({ ...row, type: kind.type }));
    },

    makeDicts: async (_session, rules) => rules.map((rule) => ruleDict(kind, rule)),

    async insert(session, body) {
      const values = requestedParameters(kind, body);
      checkBandwidthRuleConflict(policy, values);
      const rule: QosRule = { ...values, id: randomUUID(), qos_policy_id: policy.id, type: kind.type };
      checkMinPpsRuleConflict(policy, rule);
      checkRulesConflict(policy, rule);
      // Kysely types a write to one table, not to one of five; the kind's parameters are its table's columns.
      await qosView(session.db)
        .insertInto(kind.table)
        .values({ id: rule.id, qos_policy_id: policy.id, ...values } as never)
        .execute();
      await policyChange(session, rule, false);
      return rule.id;
    },

    async update(session, existing, body) {
      const values = requestedParameters(kind, body);
      checkBandwidthRuleConflict(policy, values);
      const rule: QosRule = { ...existing, ...values };
      checkMinPpsRuleConflict(policy, rule);
      checkRulesConflict(policy, rule);
      if (Object.keys(values).length > 0) {
        await qosView(session.db)
          .updateTable(kind.table)
          .set(values as never)
          .where('id', '=', rule.id)
          .execute();
      }
      await policyChange(session, rule, false);
    },

    async remove(session, rule) {
      await qosView(session.db).deleteFrom(kind.table).where('id', '=', rule.id).execute();
      await policyChange(session, rule, true);
    },
  };
}
