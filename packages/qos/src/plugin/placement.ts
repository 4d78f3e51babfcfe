import { createHash } from 'node:crypto';
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

/** RFC 4122 version 5 (SHA-1) UUID of `name` (UTF-8) in the namespace of a UUID, as Python's uuid.uuid5. */
export function uuid5(namespace: string, name: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * neutron_lib's resource_request_group_uuid: the id of a port's request
 * group, stable for the same port and rules, so that Nova's allocation
 * (binding:profile's `allocation`, keyed by group) keeps naming it.
 */
export function requestGroupId(portId: string, ruleIds: readonly string[]): string {
  return uuid5(portId, ruleIds.join(':'));
}
