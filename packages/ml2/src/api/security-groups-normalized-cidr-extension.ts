import type { ExtensionDescriptor } from '@net-server/lib';

/**
 * neutron_lib.api.definitions.security_groups_normalized_cidr: a rule's
 * `normalized_cidr`, its remote_ip_prefix with the host bits cleared
 * (10.0.0.5/24 -> 10.0.0.0/24), null without a prefix; read-only.
 */
export const SECURITY_GROUPS_NORMALIZED_CIDR: ExtensionDescriptor = {
  alias: 'security-groups-normalized-cidr',
  name: 'Normalized CIDR field for security group rules',
  description: 'Add new field with normalized remote_ip_prefix cidr in SG rule',
  updated: '2020-07-28T10:00:00-00:00',
  resourceAttributeMap: {
    security_group_rules: {
      normalized_cidr: { allowPost: false, allowPut: false, validate: { type: 'type:subnet_or_none' }, isVisible: true, isFilter: true, isSort: true },
    },
  },
  requiredExtensions: ['security-group'],
  optionalExtensions: [],
};
