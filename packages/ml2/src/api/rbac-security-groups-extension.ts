import type { ExtensionDescriptor } from '@net-server/lib';

/** neutron_lib.api.definitions.rbac_security_groups: `security_group` is an object type of `/v2.0/rbac-policies` (security-group-rbac.ts). */
export const RBAC_SECURITY_GROUPS: ExtensionDescriptor = {
  alias: 'rbac-security-groups',
  name: 'Add security_group type to network RBAC',
  description: 'Add security_group type to network RBAC',
  updated: '2019-02-14T00:00:00-00:00',
  isShimExtension: true,
  resourceAttributeMap: {},
  requiredExtensions: ['rbac-policies', 'security-group'],
  optionalExtensions: [],
};
