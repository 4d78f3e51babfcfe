import type { ExtensionDescriptor } from '@net-server/lib';

/** neutron_lib.api.definitions.empty_string_filtering: the API keeps `?name=` as a filter for the empty string instead of dropping it. */
export const EMPTY_STRING_FILTERING: ExtensionDescriptor = {
  alias: 'empty-string-filtering',
  name: 'Empty String Filtering Extension',
  description: 'Allow filtering by attributes with empty string value',
  updated: '2018-05-01T10:00:00-00:00',
  isShimExtension: true,
  resourceAttributeMap: {},
  requiredExtensions: [],
  optionalExtensions: [],
};
