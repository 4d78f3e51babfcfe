import type { ExtensionDescriptor } from '../extension-descriptor.js';

/** neutron_lib.api.definitions.subnet_onboard ('subnet_onboard'): PUT onboard_network_subnets on a subnet pool. */
export const SUBNET_ONBOARD: ExtensionDescriptor = {
  alias: 'subnet_onboard',
  name: 'Subnet Onboard',
  description: 'Provides support for onboarding subnets into subnet pools',
  updated: '2018-12-18T09:00:00-00:00',
  resourceAttributeMap: { subnetpools: {} },
  actionMap: { subnetpool: { onboard_network_subnets: 'PUT' } },
  requiredExtensions: ['subnet_allocation'],
  optionalExtensions: [],
};
