/** ML2 network types (`provider:network_type`) and their segment ranges. */
export const TYPE_FLAT = 'flat';
export const TYPE_GENEVE = 'geneve';
export const TYPE_GRE = 'gre';
export const TYPE_LOCAL = 'local';
export const TYPE_VXLAN = 'vxlan';
export const TYPE_VLAN = 'vlan';
export const TYPE_NONE = 'none';
export const NETWORK_SEGMENT_RANGE_TYPES = [TYPE_VLAN, TYPE_VXLAN, TYPE_GRE, TYPE_GENEVE] as const;

export const MIN_VLAN_TAG = 1;
export const MAX_VLAN_TAG = 4094;
export const MIN_GENEVE_VNI = 1;
export const MAX_GENEVE_VNI = 2 ** 24 - 1;
export const MIN_GRE_ID = 1;
export const MAX_GRE_ID = 2 ** 32 - 1;
export const MIN_VXLAN_VNI = 1;
export const MAX_VXLAN_VNI = 2 ** 24 - 1;
export const VXLAN_UDP_PORT = 4789;
export const GENEVE_ENCAP_MIN_OVERHEAD = 30;
export const GRE_ENCAP_OVERHEAD = 22;
export const VXLAN_ENCAP_OVERHEAD = 30;

export const DEFAULT_NETWORK_MTU = 1500;
export const IPV6_MIN_MTU = 1280;
