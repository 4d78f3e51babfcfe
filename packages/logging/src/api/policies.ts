import type { PolicyRuleDefault } from 'net-server';

/*
 * neutron/conf/policies/logging.py as Zed enforces it ([oslo_policy]
 * enforce_new_defaults off: the new ADMIN or the deprecated
 * RULE_ADMIN_ONLY): logs and the loggable resources are an admin's only.
 */
export const loggingPolicies: readonly PolicyRuleDefault[] = [
  { name: 'get_loggable_resource', check: 'rule:admin_only' },
  { name: 'create_log', check: 'rule:admin_only' },
  { name: 'get_log', check: 'rule:admin_only' },
  { name: 'update_log', check: 'rule:admin_only' },
  { name: 'delete_log', check: 'rule:admin_only' },
];
