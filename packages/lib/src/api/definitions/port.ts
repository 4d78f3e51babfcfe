import type { ExtensionDescriptor } from '../extension-descriptor.js';
import { ATTR_NOT_SPECIFIED } from '../attribute.js';
import { convertKvpListToDict, convertToBoolean, convertToSanitizedMacAddress } from '../../validators/converters.js';

/** neutron_lib.api.definitions.port ('port'). */
export const PORT: ExtensionDescriptor = {
  alias: 'port',
  name: 'Neutron Port',
  description: 'Network port abstraction',
  updated: '2012-01-01T10:00:00-00:00',
  resourceAttributeMap: {
    ports: {
      id: { allowPost: false, allowPut: false, validate: { type: 'type:uuid' }, isVisible: true, isFilter: true, isSort: true, primaryKey: true },
      name: { allowPost: true, allowPut: true, default: '', validate: { type: 'type:string', arg: 255 }, isVisible: true, isFilter: true, isSort: true },
      network_id: { allowPost: true, allowPut: false, validate: { type: 'type:uuid' }, isVisible: true, isFilter: true, isSort: true, requiredByPolicy: true },
      admin_state_up: { allowPost: true, allowPut: true, default: true, convertTo: convertToBoolean, isVisible: true, isFilter: true, isSort: true },
      mac_address: {
        allowPost: true,
        allowPut: true,
        default: ATTR_NOT_SPECIFIED,
        validate: { type: 'type:mac_address' },
        convertTo: convertToSanitizedMacAddress,
        isVisible: true,
        isFilter: true,
        isSort: true,
        enforcePolicy: true,
      },
      fixed_ips: {
        allowPost: true,
        allowPut: true,
        default: ATTR_NOT_SPECIFIED,
        validate: { type: 'type:fixed_ips' },
        convertListTo: convertKvpListToDict,
        isVisible: true,
        isFilter: true,
        enforcePolicy: true,
      },
      device_id: { allowPost: true, allowPut: true, default: '', validate: { type: 'type:string', arg: 255 }, isVisible: true, isFilter: true, isSort: true },
      device_owner: {
        allowPost: true,
        allowPut: true,
        default: '',
        validate: { type: 'type:string', arg: 255 },
        isVisible: true,
        isFilter: true,
        isSort: true,
        enforcePolicy: true,
      },
      tenant_id: {
        allowPost: true,
        allowPut: false,
        validate: { type: 'type:string', arg: 255 },
        isVisible: true,
        isFilter: true,
        isSort: true,
        requiredByPolicy: true,
      },
      status: { allowPost: false, allowPut: false, isVisible: true, isFilter: true, isSort: true },
    },
  },
  requiredExtensions: [],
  optionalExtensions: [],
};
