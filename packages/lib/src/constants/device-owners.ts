/** Port `device_owner` values (neutron_lib.constants DEVICE_OWNER_*). */
export const DEVICE_OWNER_COMPUTE_PREFIX = 'compute:';
export const DEVICE_OWNER_NETWORK_PREFIX = 'network:';
export const DEVICE_OWNER_NEUTRON_PREFIX = 'neutron:';
export const DEVICE_OWNER_BAREMETAL_PREFIX = 'baremetal:';
/** Owners whose ports the server itself manages. */
export const DEVICE_OWNER_PREFIXES = [DEVICE_OWNER_NETWORK_PREFIX, DEVICE_OWNER_NEUTRON_PREFIX] as const;

export const DEVICE_OWNER_ROUTER_HA_INTF = 'network:router_ha_interface';
export const DEVICE_OWNER_HA_REPLICATED_INT = 'network:ha_router_replicated_interface';
export const DEVICE_OWNER_ROUTER_INTF = 'network:router_interface';
export const DEVICE_OWNER_ROUTER_GW = 'network:router_gateway';
export const DEVICE_OWNER_FLOATINGIP = 'network:floatingip';
export const DEVICE_OWNER_LOCAL_IP = 'network:local_ip';
export const DEVICE_OWNER_DHCP = 'network:dhcp';
export const DEVICE_OWNER_DVR_INTERFACE = 'network:router_interface_distributed';
export const DEVICE_OWNER_AGENT_GW = 'network:floatingip_agent_gateway';
export const DEVICE_OWNER_ROUTER_SNAT = 'network:router_centralized_snat';
export const DEVICE_OWNER_ROUTED = 'network:routed';
export const DEVICE_OWNER_DISTRIBUTED = 'network:distributed';
export const DEVICE_OWNER_LOADBALANCER = 'neutron:LOADBALANCER';
export const DEVICE_OWNER_LOADBALANCERV2 = 'neutron:LOADBALANCERV2';

export const ROUTER_INTERFACE_OWNERS = [DEVICE_OWNER_ROUTER_INTF, DEVICE_OWNER_HA_REPLICATED_INT, DEVICE_OWNER_DVR_INTERFACE] as const;
export const ROUTER_INTERFACE_OWNERS_SNAT = [...ROUTER_INTERFACE_OWNERS, DEVICE_OWNER_ROUTER_SNAT] as const;
export const ROUTER_PORT_OWNERS = [...ROUTER_INTERFACE_OWNERS_SNAT, DEVICE_OWNER_ROUTER_GW] as const;

/** device_id of a DHCP port reserved for an agent that has not claimed it yet. */
export const DEVICE_ID_RESERVED_DHCP_PORT = 'reserved_dhcp_port';
