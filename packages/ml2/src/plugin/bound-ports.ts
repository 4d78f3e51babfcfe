import { constants, type ResourceDict } from '@net-server/lib';
import type { Session } from 'net-server';
import { ml2View } from '../db/ml2-view.js';
import { networkSegments } from '../db/network-segments.js';
import type { NetworkSegment } from '../types/segment.js';

/** neutron_lib's INTERFACE_PREFIXES: device names agents build from port ids (tap, OVS hybrid veth, DVR SNAT). */
const INTERFACE_PREFIXES = ['tap', 'qvo', 'sg-'];
const MAC = /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A port as the agent RPC callbacks need it: the dict, its network and the segment its binding ended on. */
export interface BoundPort {
  port: ResourceDict;
  network: ResourceDict;
  /** undefined while the port is not bound. */
  bottomSegment: NetworkSegment | undefined;
}

type Loader = (session: Session, resource: 'network' | 'port', ids: readonly string[]) => Promise<ResourceDict[]>;

/**
 * Finds the ports agents name by device (a port id, an id prefix behind a
 * tap/qvo/sg- device name, or a MAC address, as neutron's
 * _device_to_port_id), with what their details need, in a few queries for
 * any number of devices.
 */
export async function loadBoundPorts(session: Session, loadDicts: Loader, devices: readonly string[]): Promise<Map<string, BoundPort>> {
  const portIds = new Map<string, string>();
  for (const device of devices) {
    const id = await deviceToPortId(session, device);
    if (id !== undefined) portIds.set(device, id);
  }
  const ports = await loadDicts(session, 'port', [...new Set(portIds.values())]);
  const byId = new Map(ports.map((port) => [String(port['id']), port]));
  const networkIds = [...new Set(ports.map((port) => String(port['network_id'])))];
  const networks = new Map((await loadDicts(session, 'network', networkIds)).map((network) => [String(network['id']), network]));
  const db = ml2View(session.db);
  const segments = await networkSegments.forNetworks(db, networkIds, true);
  const levels =
    ports.length === 0
      ? []
      : await db
          .selectFrom('ml2_port_binding_levels')
          // The levels of the ACTIVE binding: a port bound ahead of a migration has levels on its next host too.
          .innerJoin('ml2_port_bindings', (join) =>
            join
              .onRef('ml2_port_bindings.port_id', '=', 'ml2_port_binding_levels.port_id')
              .onRef('ml2_port_bindings.host', '=', 'ml2_port_binding_levels.host'),
          )
          .select(['ml2_port_binding_levels.port_id', 'ml2_port_binding_levels.level', 'ml2_port_binding_levels.segment_id'])
          .where('ml2_port_binding_levels.port_id', 'in', [...byId.keys()])
          .where('ml2_port_bindings.status', '=', constants.ACTIVE)
          .orderBy('ml2_port_binding_levels.level')
          .execute();
  const bottom = new Map<string, string>();
  for (const level of levels) if (level.segment_id) bottom.set(level.port_id, level.segment_id);
  const found = new Map<string, BoundPort>();
  for (const [device, id] of portIds) {
    const port = byId.get(id);
    if (!port) continue;
    const networkId = String(port['network_id']);
    const segmentId = bottom.get(id);
    found.set(device, {
      port,
      network: networks.get(networkId) ?? { id: networkId },
      bottomSegment: segments.get(networkId)?.find((segment) => segment.id === segmentId),
    });
  }
  return found;
}

async function deviceToPortId(session: Session, device: string): Promise<string | undefined> {
  let name = device;
  const prefix = INTERFACE_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) name = name.slice(prefix.length);
  if (UUID.test(name)) return name.toLowerCase();
  if (!prefix && MAC.test(name)) {
    const row = await session.db.selectFrom('ports').select('id').where('mac_address', '=', name.toLowerCase()).executeTakeFirst();
    return row?.id;
  }
  if (name === '' || /[%_\\]/.test(name)) return undefined;
  // A device name holds only the start of the id: it must name exactly one port.
  const rows = await session.db.selectFrom('ports').select('id').where('id', 'like', `${name}%`).limit(2).execute();
  return rows.length === 1 ? rows[0]!.id : undefined;
}
