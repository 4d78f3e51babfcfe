import { ANY_DIRECTION, RULE_TYPE_BANDWIDTH_LIMIT, RULE_TYPE_DSCP_MARKING, RULE_TYPE_MINIMUM_BANDWIDTH, RULE_TYPE_MINIMUM_PACKET_RATE } from '../constants.js';
import { QoSRuleParameterConflict, QoSRulesConflict } from '../errors.js';
import type { QosPolicyRecord } from './policy-record.js';
import { duplicates, type QosRule } from './rule-kinds.js';

/*
 * neutron's qos checker (neutron/objects/qos/qos_policy_validator.py):
 * what a new or changed rule may not do to the other rules of its policy.
 */

/**
 * neutron's check_bandwidth_rule_conflict: a minimum bandwidth may not
 * exceed the policy's bandwidth limit, nor a limit fall under its minimum.
 */
export function checkBandwidthRuleConflict(policy: QosPolicyRecord, values: Record<string, string | number | null>): void {
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
export function checkMinPpsRuleConflict(policy: QosPolicyRecord, candidate: QosRule): void {
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
export function checkRulesConflict(policy: QosPolicyRecord, candidate: QosRule): void {
  for (const rule of policy.rules) {
    if (rule.id !== candidate.id && duplicates(rule, candidate))
      throw new QoSRulesConflict({ new_rule_type: candidate.type, rule_id: rule.id, policy_id: policy.id });
  }
}
