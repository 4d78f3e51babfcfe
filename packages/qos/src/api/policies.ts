import type { PolicyRuleDefault } from 'net-server';

const RULES = ['bandwidth_limit_rule', 'dscp_marking_rule', 'minimum_bandwidth_rule'];

/**
 * neutron/conf/policies/qos.py, the effective rules of Zed (the deprecated
 * ones, as enforce_new_defaults is off): anyone reads policies and rules,
 * admins write them; get_rule_type is open here and the plugin answers
 * non-admins NotAuthorized itself, as neutron's.
 *
 * A rule under a policy is checked by neutron as
 * `create_policy_bandwidth_limit_rule`; net-server's API names a
 * sub-resource's action after its member alone (`create_bandwidth_limit_rule`),
 * so both names are given the same check: policy files written for neutron
 * keep their meaning should the API adopt neutron's names.
 */
export const qosPolicies: readonly PolicyRuleDefault[] = [
  { name: 'get_policy', check: 'rule:regular_user' },
  { name: 'create_policy', check: 'rule:admin_only' },
  { name: 'update_policy', check: 'rule:admin_only' },
  { name: 'delete_policy', check: 'rule:admin_only' },
  { name: 'get_rule_type', check: 'rule:regular_user' },
  ...RULES.flatMap((rule) => [
    { name: `get_policy_${rule}`, check: 'rule:regular_user' },
    { name: `get_${rule}`, check: 'rule:regular_user' },
    { name: `create_${rule}`, check: 'rule:admin_only' },
    { name: `update_${rule}`, check: 'rule:admin_only' },
    { name: `delete_${rule}`, check: 'rule:admin_only' },
    { name: `create_policy_${rule}`, check: 'rule:admin_only' },
    { name: `update_policy_${rule}`, check: 'rule:admin_only' },
    { name: `delete_policy_${rule}`, check: 'rule:admin_only' },
    { name: `get_alias_${rule}`, check: 'rule:regular_user' },
    { name: `update_alias_${rule}`, check: 'rule:admin_only' },
    { name: `delete_alias_${rule}`, check: 'rule:admin_only' },
  ]),
];
