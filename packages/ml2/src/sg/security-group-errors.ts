import { defineNeutronException, InUse, InvalidInput, NotFound } from '@net-server/lib';

/** neutron.extensions.securitygroup's exceptions, with neutron's names and messages. */
export const SecurityGroupNotFound = defineNeutronException<{ id: unknown }>(NotFound, 'SecurityGroupNotFound', 'Security group %(id)s does not exist');
export const SecurityGroupRuleNotFound = defineNeutronException<{ id: unknown }>(NotFound, 'SecurityGroupRuleNotFound', 'Security group rule %(id)s does not exist');
export const SecurityGroupInUse = defineNeutronException<{ id: unknown; reason?: unknown }>(InUse, 'SecurityGroupInUse', 'Security Group %(id)s %(reason)s.', {
  defaults: { reason: 'in use' },
});
export const SecurityGroupCannotRemoveDefault = defineNeutronException<Record<string, never>>(
  InUse,
  'SecurityGroupCannotRemoveDefault',
  'Insufficient rights for removing default security group.',
);
export const SecurityGroupDefaultAlreadyExists = defineNeutronException<Record<string, never>>(InUse, 'SecurityGroupDefaultAlreadyExists', 'Default security group already exists.');
export const SecurityGroupRuleExists = defineNeutronException<{ rule_id: unknown }>(InUse, 'SecurityGroupRuleExists', 'Security group rule already exists. Rule id is %(rule_id)s.');
export const SecurityGroupRemoteGroupAndRemoteIpPrefix = defineNeutronException<Record<string, never>>(
  InvalidInput,
  'SecurityGroupRemoteGroupAndRemoteIpPrefix',
  'Only remote_ip_prefix or remote_group_id may be provided.',
);
export const SecurityGroupInvalidPortRange = defineNeutronException<Record<string, never>>(
  InvalidInput,
  'SecurityGroupInvalidPortRange',
  'For TCP/UDP protocols, port_range_min must be <= port_range_max',
);
export const SecurityGroupRuleParameterConflict = defineNeutronException<{ ethertype: unknown; cidr: unknown }>(
  InvalidInput,
  'SecurityGroupRuleParameterConflict',
  'Conflicting value ethertype %(ethertype)s for CIDR %(cidr)s',
);
export const PortSecurityAndIPRequiredForSecurityGroups = defineNeutronException<Record<string, never>>(
  InvalidInput,
  'PortSecurityAndIPRequiredForSecurityGroups',
  'Port security must be enabled and port must have an IP address in order to use security groups.',
);
export const SecurityGroupCannotUpdateDefault = defineNeutronException<Record<string, never>>(InUse, 'SecurityGroupCannotUpdateDefault', 'Updating default security group not allowed.');
export const PortSecurityPortHasSecurityGroup = defineNeutronException<Record<string, never>>(
  InUse,
  'PortSecurityPortHasSecurityGroup',
  'Port has security group associated. Cannot disable port security or IP address until security group is removed.',
);
