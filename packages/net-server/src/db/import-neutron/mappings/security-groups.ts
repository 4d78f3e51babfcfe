import { copy, withStandardAttributes, type TableMapping } from './table-mapping.js';
import { rbacEntries } from './rbac.js';

/** Security groups, their rules and RBAC entries, and each project's default group: before the ports' bindings to them. */
export const securityGroupMappings: readonly TableMapping[] = [
  withStandardAttributes('ml2_security_groups', 'securitygroups'),
  withStandardAttributes('ml2_security_group_rules', 'securitygrouprules'),
  rbacEntries('ml2_security_group_rbacs', 'securitygrouprbacs'),
  copy('ml2_default_security_groups', 'default_security_group'),
];

export const securityGroupPortMappings: readonly TableMapping[] = [copy('ml2_security_group_port_bindings', 'securitygroupportbindings')];
