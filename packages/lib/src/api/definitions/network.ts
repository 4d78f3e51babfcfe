import type { ExtensionDescriptor } from '../extension-descriptor.js';
import { convertToBoolean } from '../../validators/converters.js';

/** neutron_lib.api.definitions.network ('network'). */
export const NETWORK: ExtensionDescriptor = {
  alias: 'network',
  name: 'Neutron L2 Network',
  description: 'Layer 2 network abstraction',
  updated: '2012-01-01T10:00:00-00:00',
  resourceAttributeMap: {
    networks: {
      id: { allowPost: false, allowPut: false, validate: { type: 'type:uuid' }, isVisible: true, isFilter: true, isSort: true, primaryKey: true },
      name: { allowPost: true, allowPut: true, default: '', validate: { type: 'type:string', arg: 255 }, isVisible: true, isFilter: true, isSort: true },
      subnets: { allowPost: false, allowPut: false, default: [], isVisible: true },
      admin_state_up: { allowPost: true, allowPut: true, default: true, convertTo: convertToBoolean, isVisible: true, isFilter: true, isSort: true },
      status: { allowPost: false, allowPut: false, isVisible: true, isFilter: true, isSort: true },
      tenant_id: {
        allowPost: true,
        allowPut: false,
        validate: { type: 'type:string', arg: 255 },
        isVisible: true,
        isFilter: true,
        isSort: true,
        requiredByPolicy: true,
      },
      shared: {
        allowPost: true,
        allowPut: true,
        default: false,
        convertTo: convertToBoolean,
        isVisible: true,
        isFilter: true,
        requiredByPolicy: true,
        enforcePolicy: true,
      },
    },
  },
  requiredExtensions: [],
  optionalExtensions: [],
};
