import { constants } from '@net-server/lib';
import type { Session } from 'net-server';
import { ml2View } from '../db/ml2-view.js';
import { networkSegments } from '../db/network-segments.js';
import { portBindings } from '../db/port-bindings.js';
import type { NetworkSegment } from '../types/segment.js';
import { allIds, inChunks, STANDARD_FIELDS, type DictLoader } from './dict-loader.js';
import { filterStrings } from './object-filters.js';
import type { ObjectType } from './object-type.js';
import { OBJECT_VERSIONS } from './object-versions.js';
import { portPrimitive, type LevelRow } from './port-object.js';
import { primitive } from './primitive.js';

/**
 * The ports the filters narrow to: by id, and by security group (neutron's
 * Port.get_objects turns security_group_ids into the ids of the member
 * ports, intersected with any id filter) or network.
 */
async function candidatePorts(
  session: Session,
  ids: string[] | undefined,
  groups: string[] | undefined,
  networks: string[] | undefined,
): Promise<string[] | undefined> {
  let found = ids;
  const narrow = (next: string[]): void => {
    found = found === undefined ? [...new Set(next)] : found.filter((id) => next.includes(id));
  };
  if (groups !== undefined) {
    const db = ml2View(session.db);
    narrow(
      (
        await inChunks(groups, (part) => db.selectFrom('ml2_security_group_port_bindings').select('port_id').where('security_group_id', 'in', part).execute())
      ).map((row) => row.port_id),
    );
  }
  if (networks !== undefined && (found === undefined || found.length > 0)) {
    narrow((await inChunks(networks, (part) => session.db.selectFrom('ports').select('id').where('network_id', 'in', part).execute())).map((row) => row.id));
  }
  return found;
}

/** neutron's Port objects: the base plugin's ports with ML2's bindings, binding levels and their segments. */
export function portType(loadDicts: DictLoader): ObjectType {
  return {
    name: 'Port',
    filterable: [
      'id',
      'project_id',
      'tenant_id',
      'name',
      'network_id',
      'mac_address',
      'admin_state_up',
      'device_id',
      'device_owner',
      'status',
      'security_group_ids',
      ...STANDARD_FIELDS,
    ],
    candidates(session, filters) {
      return candidatePorts(session, filterStrings(filters, 'id'), filterStrings(filters, 'security_group_ids'), filterStrings(filters, 'network_id'));
    },
    async load(session, ids) {
      const ports = await loadDicts(session, 'port', ids ?? (await allIds(session, 'ports')));
      const portIds = ports.map((port) => String(port['id']));
      const db = ml2View(session.db);
      const bindings = await portBindings.forPorts(db, portIds);
      const levels: LevelRow[] = await inChunks(portIds, (part) =>
        db
          .selectFrom('ml2_port_binding_levels')
          // The ACTIVE binding's levels: agents wire a port on the last one's segment.
          .innerJoin('ml2_port_bindings', (join) =>
            join
              .onRef('ml2_port_bindings.port_id', '=', 'ml2_port_binding_levels.port_id')
              .onRef('ml2_port_bindings.host', '=', 'ml2_port_binding_levels.host'),
          )
          .select([
            'ml2_port_binding_levels.port_id',
            'ml2_port_binding_levels.host',
            'ml2_port_binding_levels.level',
            'ml2_port_binding_levels.driver',
            'ml2_port_binding_levels.segment_id',
          ])
          .where('ml2_port_binding_levels.port_id', 'in', part)
          .where('ml2_port_bindings.status', '=', constants.ACTIVE)
          .execute(),
      );
      const segments = new Map<string, NetworkSegment>();
      const networkIds = [...new Set(ports.map((port) => String(port['network_id'])))];
      for (const list of (await networkSegments.forNetworks(db, networkIds, true)).values()) for (const segment of list) segments.set(segment.id, segment);
      return ports.map((port) =>
        portPrimitive({
          port,
          binding: bindings.get(String(port['id'])),
          levels: levels.filter((level) => level.port_id === port['id']).map((level) => ({ ...level, level: Number(level.level) })),
          segments,
        }),
      );
    },
    deleted(id) {
      // Port(id=...): the defaults of security_group_ids and the QoS policy ids are set too.
      return primitive('Port', OBJECT_VERSIONS.Port, { id, security_group_ids: null, qos_policy_id: null, qos_network_policy_id: null }, [
        'id',
        'security_group_ids',
        'qos_policy_id',
        'qos_network_policy_id',
      ]);
    },
  };
}
