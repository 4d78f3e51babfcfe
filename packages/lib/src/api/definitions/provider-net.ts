import type { ExtensionDescriptor } from '../extension-descriptor.js';
import { ATTR_NOT_SPECIFIED } from '../attribute.js';
import { convertToInt } from '../../validators/converters.js';

/** neutron_lib.api.definitions.provider_net ('provider'). */
export const PROVIDER_NET: ExtensionDescriptor = {
  alias: 'provider',
  name: 'Provider Network',
  description: 'Expose mapping of virtual networks to physical networks',
  updated: '2012-09-07T10:00:00-00:00',
  resourceAttributeMap: {
    networks: {
      'provider:network_type': {
        allowPost: true,
        allowPut: true,
        default: ATTR_NOT_SPECIFIED,
        validate: { type: 'type:string', arg: 32 },
        isVisible: true,
        isFilter: true,
        enforcePolicy: true,
      },
      'provider:physical_network': {
        allowPost: true,
        allowPut: true,
        default: ATTR_NOT_SPECIFIED,
        validate: { type: 'type:string', arg: 64 },
        isVisible: true,
        isFilter: true,
        enforcePolicy: true,
      },
      'provider:segmentation_id': {
        allowPost: true,
        allowPut: true,
        default: ATTR_NOT_SPECIFIED,
        convertTo: convertToInt,
        isVisible: true,
        isFilter: true,
        enforcePolicy: true,
      },
    },
  },
  requiredExtensions: [],
  optionalExtensions: [],
};
