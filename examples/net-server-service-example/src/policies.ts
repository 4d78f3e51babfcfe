import type { PolicyRuleDefault } from 'net-server';

/**
 * The policy rules of the labels API, one per operation: any user labels
 * their own networks, a label's owner (or an admin) reads, changes and
 * deletes it. An operator's policy file overrides them by name.
 */
export const networkLabelPolicies: readonly PolicyRuleDefault[] = [
  { name: 'create_network_label', check: 'rule:regular_user' },
  { name: 'get_network_label', check: 'rule:admin_or_owner' },
  { name: 'update_network_label', check: 'rule:admin_or_owner' },
  { name: 'delete_network_label', check: 'rule:admin_or_owner' },
];
