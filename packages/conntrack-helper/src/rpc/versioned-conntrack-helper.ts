import type { VersionedObjectPrimitive } from '@net-server/lib';
import type { ConntrackHelperRow } from '../db/schema.js';

/** neutron.api.rpc.callbacks.resources.CONNTRACKHELPER and its version in Zed. */
export const CONNTRACK_HELPER_RESOURCE = 'ConntrackHelper';
export const CONNTRACK_HELPER_VERSION = '1.0';

/** A helper as neutron's ConntrackHelper 1.0 `obj_to_primitive()` gives it to L3 agents. */
export function helperPrimitive(row: ConntrackHelperRow): VersionedObjectPrimitive {
  return {
    'versioned_object.name': CONNTRACK_HELPER_RESOURCE,
    'versioned_object.namespace': 'versionedobjects',
    'versioned_object.version': CONNTRACK_HELPER_VERSION,
    'versioned_object.data': { id: row.id, router_id: row.router_id, protocol: row.protocol, port: Number(row.port), helper: row.helper },
  };
}
