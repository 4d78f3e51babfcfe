import type { ExtensionDescriptor } from '@net-server/lib';

/** neutron_lib.api.definitions.port_device_profile: the Cyborg device profile of the port, set on create. */
export const PORT_DEVICE_PROFILE: ExtensionDescriptor = {
  alias: 'port-device-profile',
  name: 'Port device profile',
  description: 'Expose the port device profile (Cyborg)',
  updated: '2020-12-17T10:00:00-00:00',
  resourceAttributeMap: {
    ports: {
      device_profile: { allowPost: true, allowPut: false, validate: { type: 'type:string_or_none', arg: 255 }, default: null, isVisible: true },
    },
  },
  requiredExtensions: [],
  optionalExtensions: [],
};
