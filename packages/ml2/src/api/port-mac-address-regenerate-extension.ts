import { ATTR_NOT_SPECIFIED, converters, type ExtensionDescriptor } from '@net-server/lib';

/**
 * neutron_lib.api.definitions.port_mac_address_regenerate: a port's
 * `mac_address` may be null on create and update, which asks for a new
 * random one. neutron's converter draws it in the API; here null reaches
 * the plugin, which draws one no port of the network has.
 */
export const PORT_MAC_ADDRESS_REGENERATE: ExtensionDescriptor = {
  alias: 'port-mac-address-regenerate',
  name: 'Neutron Port MAC address regenerate',
  description: 'Network port MAC address regenerate',
  updated: '2018-05-03T10:00:00-00:00',
  resourceAttributeMap: {
    ports: {
      mac_address: {
        allowPost: true,
        allowPut: true,
        default: ATTR_NOT_SPECIFIED,
        convertTo: converters.convertToSanitizedMacAddress,
        validate: { type: 'type:mac_address_or_none' },
        enforcePolicy: true,
        isFilter: true,
        isSort: true,
        isVisible: true,
      },
    },
  },
  requiredExtensions: [],
  optionalExtensions: [],
};
