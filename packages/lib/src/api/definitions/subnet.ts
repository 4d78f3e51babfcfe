import type { ExtensionDescriptor } from '../extension-descriptor.js';
import { ATTR_NOT_SPECIFIED } from '../attribute.js';
import { convertCidrToCanonicalFormat, convertIpToCanonicalFormat, convertNoneToEmptyList, convertToBoolean, convertToInt } from '../../validators/converters.js';

/** neutron_lib.api.definitions.subnet ('subnet'). */
export const SUBNET: ExtensionDescriptor = {
  alias: 'subnet',
  name: 'Neutron L3 Subnet',
  description: 'Layer 3 subnet abstraction',
  updated: '2012-01-01T10:00:00-00:00',
  resourceAttributeMap: {
    subnets: {
      id: { allowPost: false, allowPut: false, validate: { type: 'type:uuid' }, isVisible: true, isFilter: true, isSort: true, primaryKey: true },
      name: { allowPost: true, allowPut: true, default: '', validate: { type: 'type:string', arg: 255 }, isVisible: true, isFilter: true, isSort: true },
      ip_version: { allowPost: true, allowPut: false, validate: { type: 'type:values', arg: [4, 6] }, convertTo: convertToInt, isVisible: true, isFilter: true, isSort: true },
      network_id: { allowPost: true, allowPut: false, validate: { type: 'type:uuid' }, isVisible: true, isFilter: true, isSort: true, requiredByPolicy: true },
      subnetpool_id: { allowPost: true, allowPut: false, default: ATTR_NOT_SPECIFIED, validate: { type: 'type:subnetpool_id_or_none' }, isVisible: true, isFilter: true, isSort: true, requiredByPolicy: false },
      prefixlen: { allowPost: true, allowPut: false, default: ATTR_NOT_SPECIFIED, validate: { type: 'type:non_negative' }, convertTo: convertToInt, isVisible: false, requiredByPolicy: false },
      cidr: { allowPost: true, allowPut: false, default: ATTR_NOT_SPECIFIED, validate: { type: 'type:subnet_or_none' }, convertTo: convertCidrToCanonicalFormat, isVisible: true, isFilter: true, isSort: true, requiredByPolicy: false },
      gateway_ip: { allowPost: true, allowPut: true, default: ATTR_NOT_SPECIFIED, validate: { type: 'type:ip_address_or_none' }, convertTo: convertIpToCanonicalFormat, isVisible: true, isFilter: true, isSort: true },
      allocation_pools: { allowPost: true, allowPut: true, default: ATTR_NOT_SPECIFIED, validate: { type: 'type:ip_pools' }, convertTo: convertIpToCanonicalFormat, isVisible: true },
      dns_nameservers: { allowPost: true, allowPut: true, default: ATTR_NOT_SPECIFIED, validate: { type: 'type:nameservers' }, convertTo: convertNoneToEmptyList, isVisible: true },
      host_routes: { allowPost: true, allowPut: true, default: ATTR_NOT_SPECIFIED, validate: { type: 'type:hostroutes' }, convertTo: convertNoneToEmptyList, isVisible: true },
      tenant_id: { allowPost: true, allowPut: false, validate: { type: 'type:string', arg: 255 }, isVisible: true, isFilter: true, isSort: true, requiredByPolicy: true },
      enable_dhcp: { allowPost: true, allowPut: true, default: true, convertTo: convertToBoolean, isVisible: true, isFilter: true, isSort: true },
      ipv6_ra_mode: { allowPost: true, allowPut: false, default: ATTR_NOT_SPECIFIED, validate: { type: 'type:values', arg: ['dhcpv6-stateful', 'dhcpv6-stateless', 'slaac'] }, isVisible: true, isFilter: true, isSort: true },
      ipv6_address_mode: { allowPost: true, allowPut: false, default: ATTR_NOT_SPECIFIED, validate: { type: 'type:values', arg: ['dhcpv6-stateful', 'dhcpv6-stateless', 'slaac'] }, isVisible: true, isFilter: true, isSort: true },
      shared: { allowPost: false, allowPut: false, default: false, convertTo: convertToBoolean, isVisible: false, isFilter: true, requiredByPolicy: true, enforcePolicy: true },
    },
  },
  requiredExtensions: [],
  optionalExtensions: [],
};
