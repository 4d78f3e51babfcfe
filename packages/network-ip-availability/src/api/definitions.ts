import type { ExtensionDescriptor } from '@net-server/lib';

/** The service type of this plugin (neutron's NetworkIPAvailabilityPlugin.get_plugin_type()). */
export const NETWORK_IP_AVAILABILITY_TYPE = 'network-ip-availability';

const readOnly = { allowPost: false, allowPut: false } as const;

/**
 * neutron_lib.api.definitions.network_ip_availability: the read-only
 * `/v2.0/network-ip-availabilities` collection, keyed by `network_id`.
 * `ip_version` is a filter only (the per-subnet `ip_version` is inside
 * `subnet_ip_availability`).
 */
export const NETWORK_IP_AVAILABILITY: ExtensionDescriptor = {
  alias: 'network-ip-availability',
  name: 'Network IP Availability',
  description: 'Provides IP availability data for each network and subnet.',
  updated: '2015-09-24T00:00:00-00:00',
  resourceAttributeMap: {
    network_ip_availabilities: {
      network_id: { ...readOnly, isVisible: true, isFilter: true, primaryKey: true, isSort: true },
      network_name: { ...readOnly, isVisible: true, isFilter: true },
      tenant_id: { ...readOnly, isVisible: true, isFilter: true },
      total_ips: { ...readOnly, isVisible: true },
      used_ips: { ...readOnly, isVisible: true },
      subnet_ip_availability: { ...readOnly, isVisible: true },
      ip_version: { ...readOnly, isVisible: false, isFilter: true },
    },
  },
  pluralMappings: { network_ip_availabilities: 'network_ip_availability' },
  serviceType: NETWORK_IP_AVAILABILITY_TYPE,
  requiredExtensions: [],
  optionalExtensions: [],
};

/** The descriptors this package contributes through `net_server.api.extensions`. */
export const networkIpAvailabilityExtensions: readonly ExtensionDescriptor[] = [NETWORK_IP_AVAILABILITY];
