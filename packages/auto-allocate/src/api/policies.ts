import type { PolicyRuleDefault } from 'net-server';

/*
 * neutron/conf/policies/auto_allocated_topology.py as Zed enforces it
 * ([oslo_policy] enforce_new_defaults off: the new or the deprecated check
 * string): the project's reader may get and its member delete, which the
 * deprecated admin_or_owner covers.
 */
export const autoAllocatePolicies: readonly PolicyRuleDefault[] = [
  { name: 'get_auto_allocated_topology', check: 'rule:admin_or_owner' },
  { name: 'delete_auto_allocated_topology', check: 'rule:admin_or_owner' },
];
