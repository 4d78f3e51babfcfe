import type { ExtensionDescriptor } from '../extension-descriptor.js';

/** neutron_lib.api.definitions.network_mtu ('net-mtu'). */
export const NETWORK_MTU: ExtensionDescriptor = {
  alias: 'net-mtu',
  name: 'Network MTU',
  description: 'Provides MTU attribute for a network resource.',
  updated: '2015-03-25T10:00:00-00:00',
  resourceAttributeMap: {
    networks: {
      mtu: { allowPost: false, allowPut: false, isVisible: true, isFilter: true, isSort: true },
    },
  },
  requiredExtensions: [],
  optionalExtensions: [],
};
