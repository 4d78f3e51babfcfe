import type { ExtensionDescriptor } from '../extension-descriptor.js';
import { ATTR_NOT_SPECIFIED } from '../attribute.js';
import { convertKvpListToDict, convertNoneToEmptyList } from '../../validators/converters.js';

/** neutron_lib.api.definitions.allowedaddresspairs ('allowed-address-pairs'). */
export const ALLOWEDADDRESSPAIRS: ExtensionDescriptor = {
  alias: 'allowed-address-pairs',
  name: 'Allowed Address Pairs',
  description: 'Provides allowed address pairs',
  updated: '2013-07-23T10:00:00-00:00',
  resourceAttributeMap: {
    ports: {
      allowed_address_pairs: {
        allowPost: true,
        allowPut: true,
        default: ATTR_NOT_SPECIFIED,
        validate: { type: 'type:allowed_address_pairs' },
        convertTo: convertNoneToEmptyList,
        convertListTo: convertKvpListToDict,
        isVisible: true,
        enforcePolicy: true,
      },
    },
  },
  requiredExtensions: [],
  optionalExtensions: [],
};
