import { converters, type ExtensionDescriptor } from '@net-server/lib';

/**
 * neutron_lib.api.definitions.security_groups_shared_filtering: a group's
 * `shared`, true when an RBAC entry shares it with the caller's project or
 * with everyone; read-only, and a filter (`?shared=true`).
 */
export const SECURITY_GROUPS_SHARED_FILTERING: ExtensionDescriptor = {
  alias: 'security-groups-shared-filtering',
  name: 'Security group filtering on the shared field',
  description: 'Support filtering security groups on the shared field',
  updated: '2021-10-05T09:00:00-00:00',
  resourceAttributeMap: {
    security_groups: {
      shared: {
        allowPost: false,
        allowPut: false,
        convertTo: converters.convertToBoolean,
        isVisible: true,
        isFilter: true,
        requiredByPolicy: true,
        enforcePolicy: true,
      },
    },
  },
  requiredExtensions: ['rbac-security-groups'],
  optionalExtensions: [],
};
