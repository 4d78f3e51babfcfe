import { copy, withStandardAttributes, type TableMapping } from './table-mapping.js';
import { rbacEntries } from './rbac.js';

/**
 * Security groups, their rules and RBAC entries, and each project's default
 * group: before the ports' bindings to them. Address groups (ML2's too), with
 * their addresses and RBAC entries, which rules name as their remote.
 */
export const securityGroupMappings: readonly TableMapping[] = [
  withStandardAttributes('ml2_address_groups', 'address_groups'),
  copy('ml2_address_associations', 'address_associations'),
  rbacEntries('ml2_address_group_rbacs', 'addressgrouprbacs'),
  withStandardAttributes('ml2_security_groups', 'securitygroups'),
  withStandardAttributes('ml2_security_group_rules', 'securitygrouprules'),
  rbacEntries('ml2_security_group_rbacs', 'securitygrouprbacs'),
  copy('ml2_default_security_groups', 'default_security_group'),
];

export const securityGroupPortMappings: readonly TableMapping[] = [copy('ml2_security_group_port_bindings', 'securitygroupportbindings')];
