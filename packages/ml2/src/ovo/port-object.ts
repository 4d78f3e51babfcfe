import { constants, type ResourceDict, type VersionedObjectPrimitive } from '@net-server/lib';
import type { PortBinding } from '../mech/port-binding.js';
import type { NetworkSegment } from '../types/segment.js';
import { portSecurityPrimitive, segmentPrimitive } from './network-object.js';
import { OBJECT_VERSIONS } from './object-versions.js';
import { primitive, pythonJson, setKnown, standardAttributes, text, type ObjectData } from './primitive.js';

/** A row of ml2_port_binding_levels. */
export interface LevelRow {
  port_id: string;
  host: string;
  level: number;
  driver: string | null;
  segment_id: string | null;
}

/** What a Port object is built from: the plugin's dict and ML2's binding rows. */
export interface PortParts {
  port: ResourceDict;
  binding: PortBinding | undefined;
  levels: readonly LevelRow[];
  /** Segments by id, dynamic ones included (a level may have bound one). */
  segments: ReadonlyMap<string, NetworkSegment>;
}

function list(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
}

/**
 * The port's binding as neutron's PortBinding 1.0: profile and vif_details
 * travel as JSON text (DictOfMiscValuesField.to_primitive).
 */
function bindingPrimitive(portId: string, binding: PortBinding): VersionedObjectPrimitive {
  return primitive('PortBinding', OBJECT_VERSIONS.PortBinding, {
    port_id: portId,
    host: binding.host,
    profile: pythonJson(binding.profile),
    vif_type: binding.vif_type,
    vif_details: pythonJson(binding.vif_details),
    vnic_type: binding.vnic_type,
    status: binding.status,
  });
}

/** A binding level as neutron's PortBindingLevel 1.1, with the segment it bound (the agent wires the port on the last level's). */
function levelPrimitive(level: LevelRow, segments: ReadonlyMap<string, NetworkSegment>): VersionedObjectPrimitive {
  const segment = level.segment_id === null ? undefined : segments.get(level.segment_id);
  const data = setKnown({ port_id: level.port_id, host: level.host, level: level.level }, { driver: level.driver });
  data['segment'] = segment ? segmentPrimitive(segment) : null;
  return primitive('PortBindingLevel', OBJECT_VERSIONS.PortBindingLevel, setKnown(data, { segment_id: level.segment_id }));
}

/**
 * PortDNS 1.1 when the port has a DNS name or domain. The current_* and
 * previous_* fields are what an external DNS service was told: with none
 * (net-server has no external DNS driver) neutron leaves them blank.
 */
function dnsPrimitive(port: ResourceDict): VersionedObjectPrimitive | null {
  const name = text(port['dns_name']) ?? '';
  const domain = text(port['dns_domain']) ?? '';
  if (name === '' && domain === '') return null;
  return primitive('PortDNS', OBJECT_VERSIONS.PortDNS, {
    port_id: String(port['id']),
    current_dns_name: '',
    current_dns_domain: '',
    previous_dns_name: '',
    previous_dns_domain: '',
    dns_name: name,
    dns_domain: domain,
  });
}

/**
 * A port as neutron's Port 1.7 gives it to agents. What the L2 agents'
 * CacheBackedPluginApi.get_device_details and security group code read:
 * binding_levels[-1].segment (network_type, segmentation_id,
 * physical_network), the ACTIVE binding's host, profile, vif_type and
 * vnic_type, fixed_ips, allowed_address_pairs, security
 * (port_security_enabled), security_group_ids, qos_policy_id, mac_address,
 * device_owner, admin_state_up, status; revision_number decides what is stale.
 * extra DHCP options too. Neutron's ports also have data plane status and
 * distributed (DVR) bindings, which net-server does not implement: empty.
 */
export function portPrimitive({ port, binding, levels, segments }: PortParts): VersionedObjectPrimitive {
  const id = String(port['id']);
  const networkId = String(port['network_id']);
  const mac = String(port['mac_address']);
  const data: ObjectData = setKnown({ id }, { project_id: text(port['project_id']), name: text(port['name']) });
  Object.assign(data, {
    network_id: networkId,
    mac_address: mac,
    admin_state_up: port['admin_state_up'] === true,
    device_id: String(port['device_id'] ?? ''),
    device_owner: String(port['device_owner'] ?? ''),
    status: String(port['status'] ?? constants.PORT_STATUS_DOWN),
    allowed_address_pairs: list(port['allowed_address_pairs']).map((pair) =>
      primitive('AllowedAddressPair', OBJECT_VERSIONS.AllowedAddressPair, {
        port_id: id,
        mac_address: String(pair['mac_address'] ?? mac),
        ip_address: String(pair['ip_address']),
      }),
    ),
    bindings: binding ? [bindingPrimitive(id, binding)] : [],
    data_plane_status: null,
    dhcp_options: list(port['extra_dhcp_opts']).map((opt) =>
      primitive('ExtraDhcpOpt', OBJECT_VERSIONS.ExtraDhcpOpt, {
        port_id: id,
        opt_name: String(opt['opt_name']),
        opt_value: String(opt['opt_value']),
        ip_version: Number(opt['ip_version']),
      }),
    ),
    distributed_bindings: [],
    dns: dnsPrimitive(port),
    fixed_ips: list(port['fixed_ips']).map((ip) =>
      primitive('IPAllocation', OBJECT_VERSIONS.IPAllocation, {
        port_id: id,
        subnet_id: String(ip['subnet_id']),
        network_id: networkId,
        ip_address: String(ip['ip_address']),
      }),
    ),
    security: portSecurityPrimitive('PortSecurity', port),
    security_group_ids: (Array.isArray(port['security_groups']) ? (port['security_groups'] as unknown[]).map(String) : []).sort(),
    qos_policy_id: text(port['qos_policy_id']) ?? null,
    qos_network_policy_id: text(port['qos_network_policy_id']) ?? null,
    binding_levels: [...levels].sort((a, b) => a.level - b.level).map((level) => levelPrimitive(level, segments)),
  });
  setKnown(data, { numa_affinity_policy: text(port['numa_affinity_policy']), device_profile: text(port['device_profile']) });
  Object.assign(data, standardAttributes(port));
  return primitive('Port', OBJECT_VERSIONS.Port, data);
}
