import type { ExtensionDescriptor } from '../extension-descriptor.js';
import { convertToBoolean } from '../../validators/converters.js';

/** neutron_lib.api.definitions.default_subnetpools ('default-subnetpools'). */
export const DEFAULT_SUBNETPOOLS: ExtensionDescriptor = {
  alias: 'default-subnetpools',
  name: 'Default Subnetpools',
  description: 'Provides ability to mark and use a subnetpool as the default.',
  updated: '2016-02-18T18:00:00-00:00',
  resourceAttributeMap: {
    subnets: {
      use_default_subnetpool: { allowPost: true, allowPut: false, default: false, convertTo: convertToBoolean, isVisible: false },
    },
  },
  requiredExtensions: ['subnet_allocation'],
  optionalExtensions: [],
};
