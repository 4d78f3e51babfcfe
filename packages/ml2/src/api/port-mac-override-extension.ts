import type { ExtensionDescriptor } from '@net-server/lib';

/**
 * neutron_lib.api.definitions.port_mac_address_override, a shim: a
 * direct-physical port takes the MAC address of its physical device from
 * the active binding's profile (`device_mac_address`), which ML2 writes
 * when it commits the binding (plugin/direct-physical-mac.ts).
 */
export const PORT_MAC_OVERRIDE: ExtensionDescriptor = {
  alias: 'port-mac-override',
  name: 'Neutron Port MAC address override',
  description: 'Allow overriding the MAC address of a direct-physical Port via the active binding profile',
  updated: '2022-03-18T10:00:00-00:00',
  resourceAttributeMap: {},
  requiredExtensions: [],
  optionalExtensions: [],
};
