import type { ExtensionDescriptor } from '@net-server/lib';

/** neutron_lib.api.definitions.availability_zone_filter: name, resource and state filter GET /v2.0/availability_zones (a shim, no attributes of its own). */
export const AVAILABILITY_ZONE_FILTER: ExtensionDescriptor = {
  alias: 'availability_zone_filter',
  name: 'Availability Zone Filter Extension',
  description: 'Add filter parameters to AvailabilityZone resource',
  updated: '2018-06-22T10:00:00-00:00',
  resourceAttributeMap: {},
  requiredExtensions: ['availability_zone'],
  optionalExtensions: [],
};
