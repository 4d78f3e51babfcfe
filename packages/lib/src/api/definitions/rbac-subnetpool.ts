import type { ExtensionDescriptor } from '../extension-descriptor.js';

/** neutron_lib.api.definitions.rbac_subnetpool ('rbac-subnetpool'): `subnetpool` is an object type of `/v2.0/rbac-policies`. */
export const RBAC_SUBNETPOOL: ExtensionDescriptor = {
  alias: 'rbac-subnetpool',
  name: 'Add subnetpool type to RBAC',
  description: 'Add subnetpool type to RBAC',
  updated: '2020-02-05T00:00:00-00:00',
  isShimExtension: true,
  resourceAttributeMap: {},
  requiredExtensions: ['rbac-policies', 'rbac-address-scope'],
  optionalExtensions: [],
};
