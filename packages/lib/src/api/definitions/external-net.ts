import type { ExtensionDescriptor } from '../extension-descriptor.js';
import { convertToBoolean } from '../../validators/converters.js';

/** neutron_lib.api.definitions.external_net ('external-net'). */
export const EXTERNAL_NET: ExtensionDescriptor = {
  alias: 'external-net',
  name: 'Neutron external network',
  description: 'Adds external network attribute to network resource.',
  updated: '2013-01-14T10:00:00-00:00',
  resourceAttributeMap: {
    networks: {
      'router:external': {
        allowPost: true,
        allowPut: true,
        default: false,
        convertTo: convertToBoolean,
        isVisible: true,
        isFilter: true,
        requiredByPolicy: true,
        enforcePolicy: true,
      },
    },
  },
  requiredExtensions: [],
  optionalExtensions: [],
};
