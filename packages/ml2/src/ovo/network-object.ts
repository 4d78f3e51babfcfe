import type { ResourceDict, VersionedObjectPrimitive } from '@net-server/lib';
import type { NetworkSegment } from '../types/segment.js';
import { OBJECT_VERSIONS } from './object-versions.js';
import { primitive, setKnown, standardAttributes, text, type ObjectData } from './primitive.js';

/**
 * A segment as neutron's NetworkSegment 1.0. ML2's segments carry no
 * standard attributes (the segments service plugin keeps names and
 * descriptions apart), so revision_number is 0 and the rest unset; `hosts`
 * (segment host mappings, for routed networks) is not tracked: [].
 */
export function segmentPrimitive(segment: NetworkSegment): VersionedObjectPrimitive {
  const data = setKnown(
    { id: segment.id, network_id: segment.network_id, network_type: segment.network_type },
    { physical_network: segment.physical_network, segmentation_id: segment.segmentation_id },
  );
  Object.assign(data, { is_dynamic: segment.is_dynamic, segment_index: segment.segment_index, hosts: [], revision_number: 0 });
  return primitive('NetworkSegment', OBJECT_VERSIONS.NetworkSegment, data);
}

/** port_security_enabled as its object (a port's PortSecurity, a network's NetworkPortSecurity), null without the port_security extension. */
export function portSecurityPrimitive(name: 'PortSecurity' | 'NetworkPortSecurity', dict: ResourceDict): VersionedObjectPrimitive | null {
  const enabled = dict['port_security_enabled'];
  if (typeof enabled !== 'boolean') return null;
  return primitive(name, OBJECT_VERSIONS[name], { id: String(dict['id']), port_security_enabled: enabled });
}

/**
 * A network as neutron's Network 1.1 gives it to agents: its columns, the
 * synthetic fields neutron always loads (security, segments with the
 * dynamic ones, dns_domain, qos_policy_id, shared) and the standard
 * attributes. What the OVS agent reads: qos_policy_id, mtu, segments.
 */
export function networkPrimitive(network: ResourceDict, segments: readonly NetworkSegment[]): VersionedObjectPrimitive {
  const data: ObjectData = setKnown(
    { id: String(network['id']) },
    {
      project_id: text(network['project_id']),
      name: text(network['name']),
      status: text(network['status']),
      admin_state_up: typeof network['admin_state_up'] === 'boolean' ? network['admin_state_up'] : undefined,
      vlan_transparent: typeof network['vlan_transparent'] === 'boolean' ? network['vlan_transparent'] : undefined,
      availability_zone_hints: Array.isArray(network['availability_zone_hints']) ? (network['availability_zone_hints'] as unknown[]).map(String) : undefined,
    },
  );
  const dnsDomain = text(network['dns_domain']);
  Object.assign(data, {
    shared: network['shared'] === true,
    mtu: Number(network['mtu'] ?? 1500),
    security: portSecurityPrimitive('NetworkPortSecurity', network),
    segments: segments.map(segmentPrimitive),
    dns_domain: dnsDomain ? dnsDomain : null,
    qos_policy_id: text(network['qos_policy_id']) ?? null,
    ...standardAttributes(network),
  });
  return primitive('Network', OBJECT_VERSIONS.Network, data);
}
