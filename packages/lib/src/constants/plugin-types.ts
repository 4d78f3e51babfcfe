/**
 * Service types (neutron_lib.plugins.constants): the core plugin's is CORE;
 * a service plugin's `pluginType` is one of these or its own. One plugin
 * per type may be loaded.
 */
export const CORE = 'CORE';
export const L3 = 'L3_ROUTER_NAT';
export const QOS = 'QOS';
export const FIREWALL = 'FIREWALL';
export const VPN = 'VPN';
export const METERING = 'METERING';
export const FLAVORS = 'FLAVORS';
export const LOG_API = 'LOGGING';
export const PORTFORWARDING = 'PORTFORWARDING';
export const FLOATINGIPPOOL = 'FLOATINGIPPOOL';
export const NETWORK_SEGMENT_RANGE = 'NETWORK_SEGMENT_RANGE';
export const CONNTRACKHELPER = 'CONNTRACKHELPER';
export const PLACEMENT_REPORT = 'placement_report';
export const LOCAL_IP = 'LOCAL_IP';
export const LOADBALANCER = 'LOADBALANCER';
export const LOADBALANCERV2 = 'LOADBALANCERV2';
export const NDPPROXY = 'NDPPROXY';
