import { Conflict, defineNeutronException, InUse, InvalidInput, NotFound } from '@net-server/lib';

/** neutron.extensions.securitygroup's exceptions, with neutron's names and messages. */
export const SecurityGroupNotFound = defineNeutronException<{ id: unknown }>(NotFound, 'SecurityGroupNotFound', 'Security group %(id)s does not exist');
export const SecurityGroupRuleNotFound = defineNeutronException<{ id: unknown }>(
  NotFound,
  'SecurityGroupRuleNotFound',
  'Security group rule %(id)s does not exist',
);
export const SecurityGroupInUse = defineNeutronException<{ id: unknown; reason?: unknown }>(InUse, 'SecurityGroupInUse', 'Security Group %(id)s %(reason)s.', {
  defaults: { reason: 'in use' },
});
export const SecurityGroupCannotRemoveDefault = defineNeutronException<Record<string, never>>(
  InUse,
  'SecurityGroupCannotRemoveDefault',
  'Insufficient rights for removing default security group.',
);
export const SecurityGroupDefaultAlreadyExists = defineNeutronException<Record<string, never>>(
  InUse,
  'SecurityGroupDefaultAlreadyExists',
  'Default security group already exists.',
);
export const SecurityGroupRuleExists = defineNeutronException<{ rule_id: unknown }>(
  InUse,
  'SecurityGroupRuleExists',
  'Security group rule already exists. Rule id is %(rule_id)s.',
);
export const SecurityGroupMultipleRemoteEntites = defineNeutronException<Record<string, never>>(
  InvalidInput,
  'SecurityGroupMultipleRemoteEntites',
  'Only one of remote_ip_prefix or remote_group_id or remote_address_group_id may be provided.',
);
export const SecurityGroupInvalidPortRange = defineNeutronException<Record<string, never>>(
  InvalidInput,
  'SecurityGroupInvalidPortRange',
  'For TCP/UDP protocols, port_range_min must be <= port_range_max',
);
export const SecurityGroupInvalidProtocolForPort = defineNeutronException<{ protocol: unknown; valid_port_protocols: unknown }>(
  InvalidInput,
  'SecurityGroupInvalidProtocolForPort',
  'Ports cannot be specified for protocol %(protocol)s. Ports are only supported for %(valid_port_protocols)s.',
);
export const SecurityGroupInvalidPortValue = defineNeutronException<{ port: unknown }>(
  InvalidInput,
  'SecurityGroupInvalidPortValue',
  'Invalid value for port %(port)s',
);
export const SecurityGroupInvalidIcmpValue = defineNeutronException<{ field: unknown; attr: unknown; value: unknown }>(
  InvalidInput,
  'SecurityGroupInvalidIcmpValue',
  'Invalid value for ICMP %(field)s (%(attr)s) %(value)s. It must be 0 to 255.',
);
export const SecurityGroupEthertypeConflictWithProtocol = defineNeutronException<{ ethertype: unknown; protocol: unknown }>(
  InvalidInput,
  'SecurityGroupEthertypeConflictWithProtocol',
  'Invalid ethertype %(ethertype)s for protocol %(protocol)s.',
);
export const SecurityGroupMissingIcmpType = defineNeutronException<{ value: unknown }>(
  InvalidInput,
  'SecurityGroupMissingIcmpType',
  'ICMP code (port-range-max) %(value)s is provided but ICMP type (port-range-min) is missing.',
);
export const SecurityGroupRuleInvalidProtocol = defineNeutronException<{ protocol: unknown; values: unknown }>(
  InvalidInput,
  'SecurityGroupRuleInvalidProtocol',
  'Security group rule protocol %(protocol)s not supported. Only protocol values %(values)s and integer representations [0 to 255] are supported.',
);
export const SecurityGroupProtocolRequiredWithPorts = defineNeutronException<Record<string, never>>(
  InvalidInput,
  'SecurityGroupProtocolRequiredWithPorts',
  'Must also specify protocol if port range is given.',
);
export const SecurityGroupRuleInvalidEtherType = defineNeutronException<{ ethertype: unknown; values: unknown }>(
  InvalidInput,
  'SecurityGroupRuleInvalidEtherType',
  "Security group rule for ethertype '%(ethertype)s' not supported. Allowed values are %(values)s.",
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
export const SecurityGroupCannotUpdateDefault = defineNeutronException<Record<string, never>>(
  InUse,
  'SecurityGroupCannotUpdateDefault',
  'Updating default security group not allowed.',
);
export const PortSecurityPortHasSecurityGroup = defineNeutronException<Record<string, never>>(
  InUse,
  'PortSecurityPortHasSecurityGroup',
  'Port has security group associated. Cannot disable port security or IP address until security group is removed.',
);
export const SecurityGroupConflict = defineNeutronException<{ reason: unknown }>(
  Conflict,
  'SecurityGroupConflict',
  'Error %(reason)s while attempting the operation.',
);
