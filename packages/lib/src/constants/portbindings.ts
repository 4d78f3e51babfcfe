/** Port binding attribute names, VNIC types and VIF types (portbindings API definition). */
export const VNIC_TYPE = 'binding:vnic_type';
export const VIF_TYPE = 'binding:vif_type';
export const VIF_DETAILS = 'binding:vif_details';
export const HOST_ID = 'binding:host_id';
export const PROFILE = 'binding:profile';

export const VNIC_NORMAL = 'normal';
export const VNIC_DIRECT = 'direct';
export const VNIC_MACVTAP = 'macvtap';
export const VNIC_BAREMETAL = 'baremetal';
export const VNIC_DIRECT_PHYSICAL = 'direct-physical';
export const VNIC_VIRTIO_FORWARDER = 'virtio-forwarder';
export const VNIC_SMARTNIC = 'smart-nic';
export const VNIC_VHOST_VDPA = 'vdpa';
export const VNIC_ACCELERATOR_DIRECT = 'accelerator-direct';
export const VNIC_ACCELERATOR_DIRECT_PHYSICAL = 'accelerator-direct-physical';
export const VNIC_REMOTE_MANAGED = 'remote-managed';
export const VNIC_TYPES = [
  VNIC_NORMAL,
  VNIC_DIRECT,
  VNIC_MACVTAP,
  VNIC_BAREMETAL,
  VNIC_DIRECT_PHYSICAL,
  VNIC_VIRTIO_FORWARDER,
  VNIC_SMARTNIC,
  VNIC_VHOST_VDPA,
  VNIC_ACCELERATOR_DIRECT,
  VNIC_ACCELERATOR_DIRECT_PHYSICAL,
  VNIC_REMOTE_MANAGED,
] as const;

export const VIF_TYPE_VHOST_USER = 'vhostuser';
export const VIF_TYPE_UNBOUND = 'unbound';
export const VIF_TYPE_BINDING_FAILED = 'binding_failed';
export const VIF_TYPE_DISTRIBUTED = 'distributed';
export const VIF_TYPE_OVS = 'ovs';
export const VIF_TYPE_BRIDGE = 'bridge';
export const VIF_TYPE_OTHER = 'other';
export const VIF_TYPE_TAP = 'tap';
export const VIF_TYPE_MACVTAP = 'macvtap';
export const VIF_TYPE_AGILIO_OVS = 'agilio_ovs';
export const VIF_TYPE_HW_VEB = 'hw_veb';
export const VIF_TYPE_HOSTDEV_PHY = 'hostdev_physical';
/** VIF types of a port no mechanism driver has bound. */
export const VIF_UNPLUGGED_TYPES = [VIF_TYPE_BINDING_FAILED, VIF_TYPE_UNBOUND] as const;

/** Keys of `binding:vif_details`. */
export const CAP_PORT_FILTER = 'port_filter';
export const OVS_HYBRID_PLUG = 'ovs_hybrid_plug';
export const VIF_DETAILS_VLAN = 'vlan';
export const VIF_DETAILS_CONNECTIVITY = 'connectivity';
export const VIF_DETAILS_BOUND_DRIVERS = 'bound_drivers';
export const OVS_DATAPATH_TYPE = 'datapath_type';
export const VHOST_USER_MODE = 'vhostuser_mode';
export const VHOST_USER_SOCKET = 'vhostuser_socket';
export const VHOST_USER_OVS_PLUG = 'vhostuser_ovs_plug';
