import type { ExtensionDescriptor } from '@net-server/lib';

/** neutron_lib.api.definitions.security_groups_port_filtering: `GET /v2.0/ports?security_groups=<id>` lists the ports in that group. */
export const PORT_SECURITY_GROUPS_FILTERING: ExtensionDescriptor = {
  alias: 'port-security-groups-filtering',
  name: 'Port filtering on security groups',
  description: 'Provides security groups filtering when listing ports',
  updated: '2018-01-09T09:00:00-00:00',
  isShimExtension: true,
  resourceAttributeMap: {},
  requiredExtensions: [],
  optionalExtensions: [],
};
