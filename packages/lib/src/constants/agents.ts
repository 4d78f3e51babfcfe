/** Agent `agent_type` values as agents report them, and their binaries. */
export const AGENT_TYPE_DHCP = 'DHCP agent';
export const AGENT_TYPE_L3 = 'L3 agent';
export const AGENT_TYPE_LINUXBRIDGE = 'Linux bridge agent';
export const AGENT_TYPE_MACVTAP = 'Macvtap agent';
export const AGENT_TYPE_METADATA = 'Metadata agent';
export const AGENT_TYPE_METERING = 'Metering agent';
export const AGENT_TYPE_NIC_SWITCH = 'NIC Switch agent';
export const AGENT_TYPE_OFA = 'OFA driver agent';
export const AGENT_TYPE_OVS = 'Open vSwitch agent';

export const AGENT_PROCESS_DHCP = 'neutron-dhcp-agent';
export const AGENT_PROCESS_L3 = 'neutron-l3-agent';
export const AGENT_PROCESS_LINUXBRIDGE = 'neutron-linuxbridge-agent';
export const AGENT_PROCESS_MACVTAP = 'neutron-macvtap-agent';
export const AGENT_PROCESS_METADATA = 'neutron-metadata-agent';
export const AGENT_PROCESS_METERING = 'neutron-metering-agent';
export const AGENT_PROCESS_NIC_SWITCH = 'neutron-sriov-nic-agent';
export const AGENT_PROCESS_OVN_METADATA = 'neutron-ovn-metadata-agent';
export const AGENT_PROCESS_OVS = 'neutron-openvswitch-agent';

export const L3_AGENT_MODE_DVR = 'dvr';
export const L3_AGENT_MODE_DVR_SNAT = 'dvr_snat';
export const L3_AGENT_MODE_LEGACY = 'legacy';
export const L3_AGENT_MODE_DVR_NO_EXTERNAL = 'dvr_no_external';
