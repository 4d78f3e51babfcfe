import type { ExtensionDescriptor } from '../extension-descriptor.js';
import { convertToInt } from '../../validators/converters.js';

/** neutron_lib.api.definitions.network_mtu_writable ('net-mtu-writable'). */
export const NETWORK_MTU_WRITABLE: ExtensionDescriptor = {
  alias: 'net-mtu-writable',
  name: 'Network MTU (writable)',
  description: 'Provides a writable MTU attribute for a network resource.',
  updated: '2017-07-12T00:00:00-00:00',
  resourceAttributeMap: {
    networks: {
      mtu: {
        allowPost: true,
        allowPut: true,
        default: 0,
        validate: { type: 'type:non_negative' },
        convertTo: convertToInt,
        isVisible: true,
        isFilter: true,
        isSort: true,
        enforcePolicy: true,
      },
    },
  },
  requiredExtensions: ['net-mtu'],
  optionalExtensions: [],
};
