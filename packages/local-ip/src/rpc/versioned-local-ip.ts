import type { VersionedObjectPrimitive } from '@net-server/lib';
import type { LocalIpAssociationRow, LocalIpRow } from '../db/schema.js';

/** neutron.api.rpc.callbacks.resources.LOCAL_IP_ASSOCIATION and the object versions of Zed. */
export const LOCAL_IP_ASSOCIATION_RESOURCE = 'LocalIPAssociation';
export const LOCAL_IP_ASSOCIATION_VERSION = '1.0';
export const LOCAL_IP_VERSION = '1.0';

/** A local IP as neutron's LocalIP 1.0 `obj_to_primitive()` gives it (its standard attributes included). */
export function localIpPrimitive(row: LocalIpRow): VersionedObjectPrimitive {
  return {
    'versioned_object.name': 'LocalIP',
    'versioned_object.namespace': 'versionedobjects',
    'versioned_object.version': LOCAL_IP_VERSION,
    'versioned_object.data': {
      id: row.id,
      name: row.name,
      description: row.description,
      project_id: row.project_id,
      local_port_id: row.local_port_id,
      network_id: row.network_id,
      local_ip_address: row.local_ip_address,
      ip_mode: row.ip_mode,
      revision_number: Number(row.revision_number),
      created_at: row.created_at,
      updated_at: row.updated_at,
    },
  };
}

/** An association as neutron's LocalIPAssociation 1.0 gives it to agents: its synthetic id and its local IP inside. */
export function associationPrimitive(row: LocalIpAssociationRow, localIp: LocalIpRow): VersionedObjectPrimitive {
  return {
    'versioned_object.name': LOCAL_IP_ASSOCIATION_RESOURCE,
    'versioned_object.namespace': 'versionedobjects',
    'versioned_object.version': LOCAL_IP_ASSOCIATION_VERSION,
    'versioned_object.data': {
      id: `${row.local_ip_id}_${row.fixed_port_id}`,
      local_ip_id: row.local_ip_id,
      fixed_port_id: row.fixed_port_id,
      fixed_ip: row.fixed_ip,
      local_ip: localIpPrimitive(localIp),
    },
  };
}
