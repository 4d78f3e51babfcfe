import { ATTR_NOT_SPECIFIED } from '../attribute.js';
import type { ExtensionDescriptor } from '../extension-descriptor.js';

/** neutron_lib.api.definitions.subnet_service_types ('subnet-service-types'): the device owners a subnet's addresses are for. */
export const SUBNET_SERVICE_TYPES: ExtensionDescriptor = {
  alias: 'subnet-service-types',
  name: 'Subnet service types',
  description: 'Provides ability to set the subnet service_types field',
  updated: '2016-03-15T18:00:00-00:00',
  resourceAttributeMap: {
    subnets: {
      service_types: { allowPost: true, allowPut: true, default: ATTR_NOT_SPECIFIED, validate: { type: 'type:list_of_subnet_service_types' }, isVisible: true },
    },
  },
  requiredExtensions: [],
  optionalExtensions: [],
};
