import type { ExtensionDescriptor } from '../extension-descriptor.js';

/** neutron_lib.api.definitions.subnetpool_prefix_ops ('subnetpool-prefix-ops'): PUT add_prefixes and remove_prefixes on a subnet pool. */
export const SUBNETPOOL_PREFIX_OPS: ExtensionDescriptor = {
  alias: 'subnetpool-prefix-ops',
  name: 'Subnet Pool Prefix Operations',
  description: 'Provides support for adjusting the prefix list of subnet pools',
  updated: '2019-02-08T10:00:00-00:00',
  resourceAttributeMap: {},
  actionMap: { subnetpool: { add_prefixes: 'PUT', remove_prefixes: 'PUT' } },
  requiredExtensions: ['subnet_allocation'],
  optionalExtensions: [],
};
