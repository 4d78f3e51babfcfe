import { isAttrSpecified, SegmentNotFound, type NetworkSegmentRecord, type ResourceDict } from '@net-server/lib';
import type { ResourceHooks, Session } from 'net-server';
import { SEGMENT_ID } from '../api/definitions.js';
import { segmentsView } from '../db/schema.js';
import {
  NetworkIdsDontMatch,
  NoUpdateSubnetWhenMultipleSegmentsOnNetwork,
  SubnetCantAssociateToDynamicSegment,
  SubnetSegmentAssociationChangeNotAllowed,
  SubnetsNotAllAssociatedWithSegments,
} from '../errors.js';
import type { SegmentsCorePlugin } from './core-access.js';

/** The segment a request names: an id, null for none, undefined when it does not say. */
function requestedSegment(request: Readonly<Record<string, unknown>>): string | null | undefined {
  const value = request[SEGMENT_ID];
  if (value === undefined || !isAttrSpecified(value)) return undefined;
  return value === null ? null : String(value);
}

/**
 * Subnets' `segment_id` (neutron's IpamBackendMixin._validate_segment), kept
 * in this package's subnet_segments table through the core plugin's subnet
 * hooks: a subnet names a segment of its own network that is not dynamic,
 * and the subnets of a network are either all on segments or none are. A
 * subnet moves onto a segment (subnet-segmentid-writable) only while it is
 * its network's only subnet and the network has one segment.
 */
export class SubnetSegments implements ResourceHooks {
  readonly #core: SegmentsCorePlugin;

  constructor(core: SegmentsCorePlugin) {
    this.#core = core;
  }

  async precommitCreate(session: Session, request: Readonly<Record<string, unknown>>, subnet: ResourceDict): Promise<void> {
    const segmentId = requestedSegment(request);
    const networkId = String(subnet['network_id']);
    const segment = segmentId ? await this.#segment(session, segmentId) : undefined;
    if (segmentId)
      await segmentsView(session.db)
        .insertInto('subnet_segments')
        .values({ subnet_id: String(subnet['id']), segment_id: segmentId })
        .execute();
    // The new subnet is already stored: the check sees the network as it would be.
    checkAllOrNone(networkId, await this.#subnetSegments(session, networkId));
    if (segment) checkFits(segment, networkId);
  }

  async precommitUpdate(session: Session, request: Readonly<Record<string, unknown>>, _original: ResourceDict, updated: ResourceDict): Promise<void> {
    const segmentId = requestedSegment(request);
    if (segmentId === undefined) return;
    const subnetId = String(updated['id']);
    const networkId = String(updated['network_id']);
    const current = await this.#subnetSegments(session, networkId);
    const old = current.get(subnetId) ?? null;
    if (segmentId === old) return;
    checkAllOrNone(networkId, current);
    if (current.size > 1) throw new SubnetsNotAllAssociatedWithSegments({ network_id: networkId });
    const associated = new Set(current.values());
    if (!associated.has(null) && !associated.has(segmentId)) throw new SubnetSegmentAssociationChangeNotAllowed({});
    const networkSegments = await this.#core.networkSegments.list(session.context, { networkIds: [networkId] });
    if (networkSegments.length > 1) throw new NoUpdateSubnetWhenMultipleSegmentsOnNetwork({ network_id: networkId });
    const db = segmentsView(session.db);
    if (segmentId === null) {
      await db.deleteFrom('subnet_segments').where('subnet_id', '=', subnetId).execute();
      return;
    }
    checkFits(await this.#segment(session, segmentId), networkId);
    await db.insertInto('subnet_segments').values({ subnet_id: subnetId, segment_id: segmentId }).execute();
  }

  async extendDicts(session: Session, subnets: ResourceDict[]): Promise<void> {
    const ids = subnets.map((subnet) => String(subnet['id']));
    const rows = await segmentsView(session.db).selectFrom('subnet_segments').select(['subnet_id', 'segment_id']).where('subnet_id', 'in', ids).execute();
    const segments = new Map(rows.map((row) => [row.subnet_id, row.segment_id]));
    for (const subnet of subnets) subnet[SEGMENT_ID] = segments.get(String(subnet['id'])) ?? null;
  }

  async #segment(session: Session, id: string): Promise<NetworkSegmentRecord> {
    const [segment] = await this.#core.networkSegments.list(session.context.elevated(), { ids: [id] });
    if (!segment) throw new SegmentNotFound({ segment_id: id });
    return segment;
  }

  /** Each subnet of the network and its segment (null for none). */
  async #subnetSegments(session: Session, networkId: string): Promise<Map<string, string | null>> {
    const rows = await segmentsView(session.db)
      .selectFrom('subnets')
      .leftJoin('subnet_segments', 'subnet_segments.subnet_id', 'subnets.id')
      .select(['subnets.id as subnet_id', 'subnet_segments.segment_id as segment_id'])
      .where('subnets.network_id', '=', networkId)
      .execute();
    // The alias-qualified selection loses the column types in Kysely: the values are the columns' varchars.
    return new Map(rows.map((row) => [String(row.subnet_id), row.segment_id == null ? null : String(row.segment_id)]));
  }
}

function checkAllOrNone(networkId: string, subnetSegments: ReadonlyMap<string, string | null>): void {
  const associated = new Set(subnetSegments.values());
  if (associated.has(null) && associated.size > 1) throw new SubnetsNotAllAssociatedWithSegments({ network_id: networkId });
}

function checkFits(segment: NetworkSegmentRecord, networkId: string): void {
  if (segment.network_id !== networkId) throw new NetworkIdsDontMatch({ subnet_network: networkId, segment_id: segment.id });
  if (segment.is_dynamic) throw new SubnetCantAssociateToDynamicSegment({});
}
