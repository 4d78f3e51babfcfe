import type { VersionedObjectPrimitive } from '@net-server/lib';
import type { NdpProxyRow } from '../db/schema.js';

/** neutron.api.rpc.callbacks.resources.NDPPROXY and its version in Zed. */
export const NDP_PROXY_RESOURCE = 'NDPProxy';
export const NDP_PROXY_VERSION = '1.0';

/** A proxy as neutron's NDPProxy 1.0 `obj_to_primitive()` gives it to L3 agents: its fields and the standard attributes. */
export function ndpProxyPrimitive(row: NdpProxyRow): VersionedObjectPrimitive {
  return {
    'versioned_object.name': NDP_PROXY_RESOURCE,
    'versioned_object.namespace': 'versionedobjects',
    'versioned_object.version': NDP_PROXY_VERSION,
    'versioned_object.data': {
      id: row.id,
      name: row.name,
      project_id: row.project_id,
      router_id: row.router_id,
      port_id: row.port_id,
      ip_address: row.ip_address,
      description: row.description,
      revision_number: Number(row.revision_number),
      created_at: row.created_at,
      updated_at: row.updated_at,
    },
  };
}
