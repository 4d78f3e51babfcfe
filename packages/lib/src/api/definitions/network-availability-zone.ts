import type { ExtensionDescriptor } from '../extension-descriptor.js';

/** neutron_lib.api.definitions.network_availability_zone ('network_availability_zone'). */
export const NETWORK_AVAILABILITY_ZONE: ExtensionDescriptor = {
  alias: 'network_availability_zone',
  name: 'Network Availability Zone',
  description: 'Availability zone support for network.',
  updated: '2015-01-01T10:00:00-00:00',
  resourceAttributeMap: {
    networks: {
      availability_zones: { allowPost: false, allowPut: false, isVisible: true },
      availability_zone_hints: {
        allowPost: true,
        allowPut: false,
        default: [],
        validate: { type: 'type:availability_zone_hint_list' },
        isVisible: true,
        isSort: true,
      },
    },
  },
  requiredExtensions: ['availability_zone'],
  optionalExtensions: [],
};
