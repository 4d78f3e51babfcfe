/** neutron_lib.services.trunk.constants and the trunk plugin's service type (TrunkPlugin.get_plugin_type). */
export const TRUNK_SERVICE_TYPE = 'trunk';

/** A trunk's statuses: DOWN until an agent wires it, BUILD while it binds subports, then ACTIVE, DEGRADED or ERROR. */
export const TRUNK_ACTIVE_STATUS = 'ACTIVE';
export const TRUNK_DOWN_STATUS = 'DOWN';
export const TRUNK_BUILD_STATUS = 'BUILD';
export const TRUNK_DEGRADED_STATUS = 'DEGRADED';
export const TRUNK_ERROR_STATUS = 'ERROR';

/** The device_owner of a port bound as a subport. */
export const TRUNK_SUBPORT_OWNER = 'trunk:subport';

export const SEGMENTATION_TYPE_VLAN = 'vlan';
/** A subport takes its network's segmentation type and id (the network's provider attributes). */
export const SEGMENTATION_TYPE_INHERIT = 'inherit';

/** neutron_lib.constants.MIN_VLAN_TAG and MAX_VLAN_TAG. */
export const MIN_VLAN_TAG = 1;
export const MAX_VLAN_TAG = 4094;

/** The versioned objects agents receive (neutron.objects.trunk), by neutron's resource type names. */
export const TRUNK_RESOURCE = 'Trunk';
export const TRUNK_VERSION = '1.1';
export const SUBPORT_RESOURCE = 'SubPort';
export const SUBPORT_VERSION = '1.0';
