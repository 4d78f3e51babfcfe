import {
  RULE_TYPE_BANDWIDTH_LIMIT,
  RULE_TYPE_DSCP_MARKING,
  RULE_TYPE_MINIMUM_BANDWIDTH,
  RULE_TYPE_MINIMUM_PACKET_RATE,
  RULE_TYPE_PACKET_RATE_LIMIT,
  type RuleType,
} from '../constants.js';
import type { QosTables } from '../db/schema.js';

/** A rule as stored and shown inside its policy (neutron's QosRule.to_dict, with `type`). */
export interface QosRule {
  readonly type: RuleType;
  readonly id: string;
  readonly qos_policy_id: string;
  readonly [parameter: string]: string | number | null;
}

/**
 * One rule type: its table, its API names (the sub-resource
 * `bandwidth_limit_rules` of a policy, the alias collection
 * `alias_bandwidth_limit_rules`), its versioned object, the parameters it
 * stores and the ones two rules of a policy may not share (neutron's
 * duplicates_compare_fields: none means one rule of the type per policy).
 */
export interface RuleKind {
  readonly type: RuleType;
  readonly table:
    | 'qos_bandwidth_limit_rules'
    | 'qos_dscp_marking_rules'
    | 'qos_minimum_bandwidth_rules'
    | 'qos_minimum_packet_rate_rules'
    | 'qos_packet_rate_limit_rules';
  readonly collection: string;
  readonly objectName: string;
  readonly parameters: readonly string[];
  readonly duplicateFields: readonly string[];
}

export const BANDWIDTH_LIMIT: RuleKind = {
  type: RULE_TYPE_BANDWIDTH_LIMIT,
  table: 'qos_bandwidth_limit_rules',
  collection: 'bandwidth_limit_rules',
  objectName: 'QosBandwidthLimitRule',
  parameters: ['max_kbps', 'max_burst_kbps', 'direction'],
  duplicateFields: ['direction'],
};
export const DSCP_MARKING: RuleKind = {
  type: RULE_TYPE_DSCP_MARKING,
  table: 'qos_dscp_marking_rules',
  collection: 'dscp_marking_rules',
  objectName: 'QosDscpMarkingRule',
  parameters: ['dscp_mark'],
  duplicateFields: [],
};
export const MINIMUM_BANDWIDTH: RuleKind = {
  type: RULE_TYPE_MINIMUM_BANDWIDTH,
  table: 'qos_minimum_bandwidth_rules',
  collection: 'minimum_bandwidth_rules',
  objectName: 'QosMinimumBandwidthRule',
  parameters: ['min_kbps', 'direction'],
  duplicateFields: ['direction'],
};

export const MINIMUM_PACKET_RATE: RuleKind = {
  type: RULE_TYPE_MINIMUM_PACKET_RATE,
  table: 'qos_minimum_packet_rate_rules',
  collection: 'minimum_packet_rate_rules',
  objectName: 'QosMinimumPacketRateRule',
  parameters: ['min_kpps', 'direction'],
  duplicateFields: ['direction'],
};
export const PACKET_RATE_LIMIT: RuleKind = {
  type: RULE_TYPE_PACKET_RATE_LIMIT,
  table: 'qos_packet_rate_limit_rules',
  collection: 'packet_rate_limit_rules',
  objectName: 'QosPacketRateLimitRule',
  parameters: ['max_kpps', 'max_burst_kpps', 'direction'],
  duplicateFields: ['direction'],
};

/** In neutron's VALID_RULE_TYPES order, which is also the order of a policy's `rules`. */
export const RULE_KINDS: readonly RuleKind[] = [BANDWIDTH_LIMIT, DSCP_MARKING, MINIMUM_BANDWIDTH, MINIMUM_PACKET_RATE, PACKET_RATE_LIMIT];

/** Rules that Placement would track (neutron's reject_rule_update_for_bound_port applies to them). */
export const PLACEMENT_RULE_TYPES: readonly RuleType[] = [RULE_TYPE_MINIMUM_BANDWIDTH, RULE_TYPE_MINIMUM_PACKET_RATE];

export function ruleKind(type: RuleType): RuleKind {
  return RULE_KINDS.find((kind) => kind.type === type)!;
}

/** Whether two rules would enforce the same thing (neutron's QosRule.duplicates). */
export function duplicates(existing: QosRule, candidate: QosRule): boolean {
  return existing.type === candidate.type && ruleKind(existing.type).duplicateFields.every((field) => existing[field] === candidate[field]);
}

// Kysely needs the table names typed; the kinds are the only ones.
export type RuleTable = RuleKind['table'] & keyof QosTables;
