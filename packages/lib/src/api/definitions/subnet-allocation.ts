import type { ExtensionDescriptor } from '../extension-descriptor.js';

/** neutron/extensions/subnetallocation ('subnet_allocation'): a marker that subnets may come from pools. */
export const SUBNET_ALLOCATION: ExtensionDescriptor = {
  alias: 'subnet_allocation',
  name: 'Subnet Allocation',
  description: 'Enables allocation of subnets from a subnet pool',
  updated: '2015-03-30T10:00:00-00:00',
  isShimExtension: true,
  resourceAttributeMap: {},
  requiredExtensions: [],
  optionalExtensions: [],
};
