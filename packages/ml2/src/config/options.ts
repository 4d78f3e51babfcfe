import { boolOpt, intOpt, listOpt, strOpt, type OptionGroupDeclaration } from '@net-server/lib';

/*
 * ML2's options with neutron's names, sections and defaults
 * (neutron/conf/plugins/ml2/config.py and drivers/driver_type.py), so an
 * existing ml2_conf.ini works unchanged.
 */

export const ml2Options = {
  typeDrivers: listOpt('type_drivers', {
    default: ['local', 'flat', 'vlan', 'gre', 'vxlan', 'geneve'],
    help: 'Network type drivers to load, by name, from the net_server.ml2.type_drivers namespace.',
  }),
  tenantNetworkTypes: listOpt('tenant_network_types', {
    default: ['local'],
    help:
      "Ordered list of network types to allocate as tenant networks. The default 'local' is useful for single-box " +
      'testing but provides no connectivity between hosts.',
  }),
  mechanismDrivers: listOpt('mechanism_drivers', {
    default: [],
    help: 'Ordered list of mechanism drivers to load, by name, from the net_server.ml2.mechanism_drivers namespace.',
  }),
  extensionDrivers: listOpt('extension_drivers', {
    default: [],
    help: 'Ordered list of extension drivers to load, by name, from the net_server.ml2.extension_drivers namespace (e.g. port_security,dns).',
  }),
  pathMtu: intOpt('path_mtu', {
    default: 0,
    min: 0,
    help: 'Maximum IP packet size that crosses the physical network without fragmentation when using an overlay; 0 uses global_physnet_mtu.',
  }),
  physicalNetworkMtus: listOpt('physical_network_mtus', {
    default: [],
    help: 'Mappings of physical networks to MTU values, <physnet>:<mtu>, overriding global_physnet_mtu for those networks.',
  }),
  externalNetworkType: strOpt('external_network_type', {
    help: 'Network type for external networks created without provider attributes; by default the tenant network types apply.',
  }),
  overlayIpVersion: intOpt('overlay_ip_version', {
    default: 4,
    min: 4,
    max: 6,
    help: 'IP version of all overlay (tunnel) endpoints: 4 or 6.',
  }),
};

export const flatOptions = {
  flatNetworks: listOpt('flat_networks', {
    default: ['*'],
    help: "Physical networks flat networks may be created on; '*' allows any, an empty list disables flat networks.",
  }),
};

export const vlanOptions = {
  networkVlanRanges: listOpt('network_vlan_ranges', {
    default: [],
    help:
      'List of <physical_network>:<vlan_min>:<vlan_max> or <physical_network>: the physical networks usable for VLAN ' +
      'provider and tenant networks, with the tags available to tenant networks (all of 1-4094 when no range is given).',
  }),
};

export const vxlanOptions = {
  vniRanges: listOpt('vni_ranges', {
    default: [],
    help: 'Comma-separated <vni_min>:<vni_max> ranges of VXLAN VNIs available for tenant networks.',
  }),
  vxlanGroup: strOpt('vxlan_group', {
    help: 'Multicast group for VXLAN broadcast traffic; unset disables multicast VXLAN mode.',
  }),
};

export const geneveOptions = {
  vniRanges: listOpt('vni_ranges', {
    default: [],
    help: 'Comma-separated <vni_min>:<vni_max> ranges of Geneve VNIs available for tenant networks.',
  }),
  maxHeaderSize: intOpt('max_header_size', {
    default: 30,
    help: 'The maximum Geneve encapsulation header size in bytes, used to compute the MTU of Geneve networks (OVN needs at least 38).',
  }),
};

export const greOptions = {
  tunnelIdRanges: listOpt('tunnel_id_ranges', {
    default: [],
    help: 'Comma-separated <tun_min>:<tun_max> ranges of GRE tunnel ids available for tenant networks.',
  }),
};

export const l2popOptions = {
  agentBootTime: intOpt('agent_boot_time', {
    default: 180,
    help: 'Seconds an agent counts as starting, during which l2population sends it the full forwarding table.',
  }),
};

/** The DHCP agent scheduler's options, in [DEFAULT] as in neutron.conf (dhcp_agents_per_network and agent_down_time are the core's). */
export const dhcpSchedulerOptions = {
  networkSchedulerDriver: strOpt('network_scheduler_driver', {
    default: 'neutron.scheduler.dhcp_agent_scheduler.WeightScheduler',
    help: "Driver to use for scheduling networks to DHCP agents: weight (the agents hosting the fewest networks), az_aware_weight (weight, spreading each network over its zones) or chance, or neutron's class paths for them.",
  }),
  networkAutoSchedule: boolOpt('network_auto_schedule', {
    default: true,
    help: 'Allow auto scheduling networks to DHCP agents: an agent asking for its networks takes those not hosted by enough agents.',
  }),
  allowAutomaticDhcpFailover: boolOpt('allow_automatic_dhcp_failover', {
    default: true,
    help: 'Automatically remove networks from offline DHCP agents and schedule them to online ones.',
  }),
  dhcpAgentNotification: boolOpt('dhcp_agent_notification', { default: true, help: 'Allow sending resource operation notifications to DHCP agents.' }),
  enableServicesOnAgentsWithAdminStateDown: boolOpt('enable_services_on_agents_with_admin_state_down', {
    default: false,
    help: 'Keep notifying agents whose admin_state_up is false of the networks they host (they are never scheduled new ones).',
  }),
};

/** neutron/conf/common.py's default_availability_zones, in [DEFAULT]. */
export const availabilityZoneOptions = {
  defaultAvailabilityZones: listOpt('default_availability_zones', {
    default: [],
    help: 'The availability zones a network created without availability_zone_hints is scheduled to (none: any zone).',
  }),
};

/** neutron/conf/extensions/allowedaddresspairs.py, in [DEFAULT]. */
export const addressPairOptions = {
  maxAllowedAddressPair: intOpt('max_allowed_address_pair', { default: 10, min: 0, help: 'Maximum number of allowed address pairs per port.' }),
};

export const ml2OptionGroups: OptionGroupDeclaration[] = [
  { group: 'DEFAULT', options: [...Object.values(dhcpSchedulerOptions), ...Object.values(availabilityZoneOptions), ...Object.values(addressPairOptions)] },
  { group: 'ml2', help: 'The ML2 core plugin.', options: Object.values(ml2Options) },
  { group: 'ml2_type_flat', options: Object.values(flatOptions) },
  { group: 'ml2_type_vlan', options: Object.values(vlanOptions) },
  { group: 'ml2_type_vxlan', options: Object.values(vxlanOptions) },
  { group: 'ml2_type_geneve', options: Object.values(geneveOptions) },
  { group: 'ml2_type_gre', options: Object.values(greOptions) },
  { group: 'l2pop', options: Object.values(l2popOptions) },
];
