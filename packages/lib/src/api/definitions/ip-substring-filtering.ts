import type { ExtensionDescriptor } from '../extension-descriptor.js';

/** neutron_lib.api.definitions.ip_substring_port_filtering ('ip-substring-filtering'). */
export const IP_SUBSTRING_FILTERING: ExtensionDescriptor = {
  alias: 'ip-substring-filtering',
  name: 'IP address substring filtering',
  description: 'Provides IP address substring filtering when listing ports',
  updated: '2017-11-28T09:00:00-00:00',
  isShimExtension: true,
  resourceAttributeMap: {},
  requiredExtensions: [],
  optionalExtensions: [],
};
