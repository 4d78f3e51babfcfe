import { uuid5 } from '@net-server/lib';
import { ANY_DIRECTION, EGRESS_DIRECTION, INGRESS_DIRECTION } from '../constants.js';

/**
 * What neutron_lib.placement.utils and os_traits give the QoS plugin to
 * describe a port's needs to Placement: custom trait names, the resource
 * classes of minimum bandwidth and minimum packet rate rules, and the
 * stable ids of request groups.
 */

/** os_resource_classes' network classes, by rule direction. */
export const MIN_BW_RESOURCE_CLASS: Readonly<Record<string, string>> = {
  [INGRESS_DIRECTION]: 'NET_BW_IGR_KILOBIT_PER_SEC',
  [EGRESS_DIRECTION]: 'NET_BW_EGR_KILOBIT_PER_SEC',
};
export const MIN_PPS_RESOURCE_CLASS: Readonly<Record<string, string>> = {
  [INGRESS_DIRECTION]: 'NET_PACKET_RATE_IGR_KILOPACKET_PER_SEC',
  [EGRESS_DIRECTION]: 'NET_PACKET_RATE_EGR_KILOPACKET_PER_SEC',
  [ANY_DIRECTION]: 'NET_PACKET_RATE_KILOPACKET_PER_SEC',
};

/** os_traits.normalize_name: every run of other characters than letters and digits becomes one `_`, upper-cased, after `CUSTOM_`. */
function customTrait(name: string): string {
  return `CUSTOM_${name.replace(/[^0-9A-Za-z]+/g, '_').toUpperCase()}`;
}

/** The trait of a resource provider connected to a physical network (CUSTOM_PHYSNET_<NAME>). */
export function physnetTrait(physicalNetwork: string): string {
  return customTrait(`PHYSNET_${physicalNetwork}`);
}

/** The trait of a resource provider that serves a VNIC type (CUSTOM_VNIC_TYPE_<TYPE>). */
export function vnicTypeTrait(vnicType: string): string {
  return customTrait(`VNIC_TYPE_${vnicType}`);
}

/**
 * neutron_lib's resource_request_group_uuid: the id of a port's request
 * group, stable for the same port and rules, so that Nova's allocation
 * (binding:profile's `allocation`, keyed by group) keeps naming it.
 */
export function requestGroupId(portId: string, ruleIds: readonly string[]): string {
  return uuid5(portId, ruleIds.join(':'));
}
