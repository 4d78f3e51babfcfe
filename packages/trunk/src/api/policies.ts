import type { PolicyRuleDefault } from 'net-server';

/*
 * neutron/conf/policies/trunk.py as Zed enforces it: with
 * [oslo_policy] enforce_new_defaults off, a rule passes when its new check
 * string or its deprecated one does. Anyone creates a trunk and lists a
 * trunk's subports (RULE_ANY); its owner or an admin reads, updates and
 * deletes it and adds or removes subports. neutron defines no
 * `create_trunk:sub_ports`, so oslo.policy applies its `default` rule
 * (admin or owner), written out here.
 */
const ANYONE = 'rule:regular_user';
const ADMIN_OR_OWNER = 'rule:admin_or_owner';

export const trunkPolicies: readonly PolicyRuleDefault[] = [
  { name: 'create_trunk', check: ANYONE },
  { name: 'create_trunk:sub_ports', check: ADMIN_OR_OWNER },
  { name: 'get_trunk', check: ADMIN_OR_OWNER },
  { name: 'update_trunk', check: ADMIN_OR_OWNER },
  { name: 'delete_trunk', check: ADMIN_OR_OWNER },
  { name: 'get_subports', check: ANYONE },
  { name: 'add_subports', check: ADMIN_OR_OWNER },
  { name: 'remove_subports', check: ADMIN_OR_OWNER },
];
