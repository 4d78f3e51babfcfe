import type { ExtensionDescriptor } from '../extension-descriptor.js';
import { ATTR_NOT_SPECIFIED } from '../attribute.js';
import { convertToBoolean } from '../../validators/converters.js';

/** neutron_lib.api.definitions.port_security ('port-security'). */
export const PORT_SECURITY: ExtensionDescriptor = {
  alias: 'port-security',
  name: 'Port Security',
  description: 'Provides port security',
  updated: '2012-07-23T10:00:00-00:00',
  resourceAttributeMap: {
    networks: {
      port_security_enabled: { allowPost: true, allowPut: true, default: true, convertTo: convertToBoolean, isVisible: true, enforcePolicy: true },
    },
    ports: {
      port_security_enabled: {
        allowPost: true,
        allowPut: true,
        default: ATTR_NOT_SPECIFIED,
        convertTo: convertToBoolean,
        isVisible: true,
        enforcePolicy: true,
      },
    },
  },
  requiredExtensions: [],
  optionalExtensions: [],
};
