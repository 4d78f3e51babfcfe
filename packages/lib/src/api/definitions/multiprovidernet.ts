import type { ExtensionDescriptor } from '../extension-descriptor.js';
import { ATTR_NOT_SPECIFIED } from '../attribute.js';
import { convertKvpListToDict } from '../../validators/converters.js';

/** neutron_lib.api.definitions.multiprovidernet ('multi-provider'). */
export const MULTIPROVIDERNET: ExtensionDescriptor = {
  alias: 'multi-provider',
  name: 'Multi Provider Network',
  description: 'Expose mapping of virtual networks to multiple physical networks',
  updated: '2013-06-27T10:00:00-00:00',
  resourceAttributeMap: {
    networks: {
      segments: {
        allowPost: true,
        allowPut: true,
        default: ATTR_NOT_SPECIFIED,
        validate: { type: 'type:network_segments' },
        convertListTo: convertKvpListToDict,
        isVisible: true,
        enforcePolicy: true,
      },
    },
  },
  requiredExtensions: [],
  optionalExtensions: [],
};
