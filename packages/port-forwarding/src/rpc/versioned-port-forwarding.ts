import type { VersionedObjectPrimitive } from '@net-server/lib';
import type { PortForwardingRow } from '../db/schema.js';
import { forwardingDict } from '../plugin/port-forwardings.js';

/** neutron.api.rpc.callbacks.resources.PORTFORWARDING and the version Zed's agents consume. */
export const PORT_FORWARDING_RESOURCE = 'PortForwarding';
export const PORT_FORWARDING_VERSION = '1.3';

/** A forwarding row with what neutron's object loads from its floating IP. */
export type ForwardingWithFloatingIp = PortForwardingRow & { floating_ip_address: string; router_id: string | null };

/**
 * A forwarding as neutron's PortForwarding 1.3 `obj_to_primitive()` gives it
 * to L3 agents: its fields, and its floating IP's address and router. A
 * side whose range has several ports has no single port set (the agent
 * unrolls the ranges).
 */
export function forwardingPrimitive(row: ForwardingWithFloatingIp): VersionedObjectPrimitive {
  const dict = forwardingDict(row);
  const data: Record<string, unknown> = {
    id: row.id,
    floatingip_id: row.floatingip_id,
    external_port_range: dict['external_port_range'],
    protocol: row.protocol,
    internal_port_id: row.internal_neutron_port_id,
    internal_ip_address: row.internal_ip_address,
    internal_port_range: dict['internal_port_range'],
    floating_ip_address: row.floating_ip_address,
    router_id: row.router_id,
    description: row.description,
  };
  if (dict['external_port'] !== null) data['external_port'] = dict['external_port'];
  if (dict['internal_port'] !== null) data['internal_port'] = dict['internal_port'];
  return {
    'versioned_object.name': PORT_FORWARDING_RESOURCE,
    'versioned_object.namespace': 'versionedobjects',
    'versioned_object.version': PORT_FORWARDING_VERSION,
    'versioned_object.data': data,
  };
}
