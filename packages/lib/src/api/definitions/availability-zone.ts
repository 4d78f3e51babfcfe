import type { ExtensionDescriptor } from '../extension-descriptor.js';

/** neutron_lib.api.definitions.availability_zone ('availability_zone'). */
export const AVAILABILITY_ZONE: ExtensionDescriptor = {
  alias: 'availability_zone',
  name: 'Availability Zone',
  description: 'The availability zone extension.',
  updated: '2015-01-01T10:00:00-00:00',
  // neutron's ResourceExtension('availability_zones', ...): served as named, not with a dash.
  collectionPaths: { availability_zones: 'availability_zones' },
  resourceAttributeMap: {
    availability_zones: {
      name: { allowPost: false, allowPut: false, isVisible: true, isFilter: true },
      resource: { allowPost: false, allowPut: false, isVisible: true, isFilter: true },
      state: { allowPost: false, allowPut: false, isVisible: true, isFilter: true },
    },
    agents: {
      availability_zone: { allowPost: false, allowPut: false, isVisible: true, isFilter: true },
    },
  },
  requiredExtensions: ['agent'],
  optionalExtensions: [],
};
