import type { ResourceDict, VersionedObjectPrimitive } from '@net-server/lib';
import { SUBPORT_RESOURCE, SUBPORT_VERSION, TRUNK_RESOURCE, TRUNK_VERSION } from '../constants.js';

const NAMESPACE = 'versionedobjects';

function primitive(name: string, version: string, data: Record<string, unknown>): VersionedObjectPrimitive {
  return { 'versioned_object.name': name, 'versioned_object.namespace': NAMESPACE, 'versioned_object.version': version, 'versioned_object.data': data };
}

/** A subport as neutron's SubPort 1.0 `obj_to_primitive()` gives it to agents. */
export function subportPrimitive(trunkId: string, subport: ResourceDict): VersionedObjectPrimitive {
  return primitive(SUBPORT_RESOURCE, SUBPORT_VERSION, {
    port_id: subport['port_id'],
    trunk_id: trunkId,
    segmentation_type: subport['segmentation_type'],
    segmentation_id: subport['segmentation_id'],
  });
}

/**
 * A trunk (its API dict) as neutron's Trunk 1.1 `obj_to_primitive()` gives
 * it to agents: its fields, its subports as SubPort objects and the
 * standard attributes (the timestamps already in oslo's isotime form).
 */
export function trunkPrimitive(trunk: ResourceDict): VersionedObjectPrimitive {
  const id = String(trunk['id']);
  const subports = (trunk['sub_ports'] ?? []) as ResourceDict[];
  return primitive(TRUNK_RESOURCE, TRUNK_VERSION, {
    admin_state_up: trunk['admin_state_up'],
    id,
    project_id: trunk['project_id'],
    name: trunk['name'],
    port_id: trunk['port_id'],
    status: trunk['status'],
    sub_ports: subports.map((subport) => subportPrimitive(id, subport)),
    description: trunk['description'],
    created_at: trunk['created_at'],
    updated_at: trunk['updated_at'],
    revision_number: trunk['revision_number'],
  });
}
