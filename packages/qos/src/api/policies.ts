import type { PolicyRuleDefault } from 'net-server';

const RULES = ['bandwidth_limit_rule', 'dscp_marking_rule', 'minimum_bandwidth_rule'];
const PACKET_RATE_RULES = ['packet_rate_limit_rule', 'minimum_packet_rate_rule'];

/**
 * neutron/conf/policies/qos.py, the effective rules of Zed (the deprecated
 * ones, as enforce_new_defaults is off): anyone reads policies and rules,
 * admins write them; get_rule_type is open here and the plugin answers
 * non-admins NotAuthorized itself, as neutron's. A rule under a policy is
 * checked as `create_policy_bandwidth_limit_rule`, its alias as
 * `create_alias_bandwidth_limit_rule`.
 */
export const qosPolicies: readonly PolicyRuleDefault[] = [
  { name: 'get_policy', check: 'rule:regular_user' },
  { name: 'create_policy', check: 'rule:admin_only' },
  { name: 'update_policy', check: 'rule:admin_only' },
  { name: 'delete_policy', check: 'rule:admin_only' },
  { name: 'get_rule_type', check: 'rule:regular_user' },
  // neutron has no rule of its own for these, so its default (admin or owner) applies; written out so that every enforced attribute has one.
  ...[
    'create_network',
    'update_network',
    'create_port',
    'update_port',
    'create_floatingip',
    'update_floatingip',
    'create_router:external_gateway_info',
    'update_router:external_gateway_info',
  ].map((action) => ({
    name: `${action}:qos_policy_id`,
    check: 'rule:admin_or_owner',
  })),
  ...RULES.flatMap((rule) => [
    { name: `get_policy_${rule}`, check: 'rule:regular_user' },
    { name: `create_policy_${rule}`, check: 'rule:admin_only' },
    { name: `update_policy_${rule}`, check: 'rule:admin_only' },
    { name: `delete_policy_${rule}`, check: 'rule:admin_only' },
    { name: `get_alias_${rule}`, check: 'rule:regular_user' },
    { name: `update_alias_${rule}`, check: 'rule:admin_only' },
    { name: `delete_alias_${rule}`, check: 'rule:admin_only' },
  ]),
  // The packet rate rules have no deprecated rules in Zed: their new defaults apply.
  ...PACKET_RATE_RULES.flatMap((rule) => [
    { name: `get_policy_${rule}`, check: 'rule:admin_only or role:reader and project_id:%(project_id)s' },
    { name: `create_policy_${rule}`, check: 'rule:admin_only' },
    { name: `update_policy_${rule}`, check: 'rule:admin_only' },
    { name: `delete_policy_${rule}`, check: 'rule:admin_only' },
  ]),
  ...['get', 'update', 'delete'].map((action) => ({
    name: `${action}_alias_minimum_packet_rate_rule`,
    check: `rule:${action}_policy_minimum_packet_rate_rule`,
  })),
];
