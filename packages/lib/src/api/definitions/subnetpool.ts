import type { ExtensionDescriptor } from '../extension-descriptor.js';
import { ATTR_NOT_SPECIFIED } from '../attribute.js';
import { convertToBoolean, convertToInt } from '../../validators/converters.js';

/** neutron_lib.api.definitions.subnetpool ('subnetpool'). */
export const SUBNETPOOL: ExtensionDescriptor = {
  alias: 'subnetpool',
  name: 'Neutron L3 Subnet Pool',
  description: 'Layer 3 subnet pool abstraction',
  updated: '2012-01-01T10:00:00-00:00',
  resourceAttributeMap: {
    subnetpools: {
      id: { allowPost: false, allowPut: false, validate: { type: 'type:uuid' }, isVisible: true, isFilter: true, isSort: true, primaryKey: true },
      name: { allowPost: true, allowPut: true, validate: { type: 'type:not_empty_string' }, isVisible: true, isFilter: true, isSort: true },
      tenant_id: { allowPost: true, allowPut: false, validate: { type: 'type:string', arg: 255 }, isVisible: true, isFilter: true, isSort: true, requiredByPolicy: true },
      prefixes: { allowPost: true, allowPut: true, validate: { type: 'type:subnet_list' }, isVisible: true },
      default_quota: { allowPost: true, allowPut: true, default: ATTR_NOT_SPECIFIED, validate: { type: 'type:non_negative' }, convertTo: convertToInt, isVisible: true, isFilter: true, isSort: true },
      ip_version: { allowPost: false, allowPut: false, isVisible: true, isFilter: true, isSort: true },
      default_prefixlen: { allowPost: true, allowPut: true, default: ATTR_NOT_SPECIFIED, validate: { type: 'type:non_negative' }, convertTo: convertToInt, isVisible: true, isFilter: true, isSort: true },
      min_prefixlen: { allowPost: true, allowPut: true, default: ATTR_NOT_SPECIFIED, validate: { type: 'type:non_negative' }, convertTo: convertToInt, isVisible: true, isFilter: true, isSort: true },
      max_prefixlen: { allowPost: true, allowPut: true, default: ATTR_NOT_SPECIFIED, validate: { type: 'type:non_negative' }, convertTo: convertToInt, isVisible: true, isFilter: true, isSort: true },
      is_default: { allowPost: true, allowPut: true, default: false, convertTo: convertToBoolean, isVisible: true, isFilter: true, isSort: true, requiredByPolicy: true, enforcePolicy: true },
      shared: { allowPost: true, allowPut: false, default: false, convertTo: convertToBoolean, isVisible: true, isFilter: true, isSort: true, requiredByPolicy: true, enforcePolicy: true },
    },
  },
  requiredExtensions: [],
  optionalExtensions: [],
};
