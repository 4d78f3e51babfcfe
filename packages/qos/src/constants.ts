/** neutron_lib.services.qos.constants and the QoS values of neutron_lib.constants. */

export const QOS_POLICY_ID = 'qos_policy_id';
export const QOS_NETWORK_POLICY_ID = 'qos_network_policy_id';

export const RULE_TYPE_BANDWIDTH_LIMIT = 'bandwidth_limit';
export const RULE_TYPE_DSCP_MARKING = 'dscp_marking';
export const RULE_TYPE_MINIMUM_BANDWIDTH = 'minimum_bandwidth';
export const RULE_TYPE_MINIMUM_PACKET_RATE = 'minimum_packet_rate';
export const RULE_TYPE_PACKET_RATE_LIMIT = 'packet_rate_limit';
/** The rule types this package implements, in neutron's VALID_RULE_TYPES order. */
export const RULE_TYPES = [
  RULE_TYPE_BANDWIDTH_LIMIT,
  RULE_TYPE_DSCP_MARKING,
  RULE_TYPE_MINIMUM_BANDWIDTH,
  RULE_TYPE_MINIMUM_PACKET_RATE,
  RULE_TYPE_PACKET_RATE_LIMIT,
] as const;
export type RuleType = (typeof RULE_TYPES)[number];

export const INGRESS_DIRECTION = 'ingress';
export const EGRESS_DIRECTION = 'egress';
export const VALID_DIRECTIONS = [INGRESS_DIRECTION, EGRESS_DIRECTION] as const;
/** Minimum packet rate rules may also hold for both directions together. */
export const ANY_DIRECTION = 'any';
export const VALID_DIRECTIONS_AND_ANY = [ANY_DIRECTION, ...VALID_DIRECTIONS] as const;
export const VALID_DSCP_MARKS = [0, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34, 36, 38, 40, 46, 48, 56] as const;
/** neutron_lib.db.constants.DB_INTEGER_MAX_VALUE. */
export const DB_INTEGER_MAX_VALUE = 2 ** 31 - 1;

/** The service type (neutron_lib.plugins.constants.QOS). */
export const QOS_SERVICE_TYPE = 'QOS';

/** The versioned object agents pull and are pushed (neutron.objects.qos.policy.QosPolicy), and its version in Zed. */
export const QOS_POLICY_RESOURCE = 'QosPolicy';
export const QOS_POLICY_VERSION = '1.10';
/** QosRule's version, which every rule object carries (neutron.objects.qos.rule.QosRule). */
export const QOS_RULE_VERSION = '1.5';
