import { randomUUID } from 'node:crypto';
import type { NetworkSegmentQuery } from '@net-server/lib';
import type { Ml2Db } from './schema.js';
import type { NetworkSegment, SegmentSpec } from '../types/segment.js';

type SegmentRow = {
  id: string;
  network_id: string;
  network_type: string;
  physical_network: string | null;
  segmentation_id: number | string | null;
  is_dynamic: number;
  segment_index: number;
};

function toSegment(row: SegmentRow): NetworkSegment {
  return {
    id: row.id,
    network_id: row.network_id,
    network_type: row.network_type,
    physical_network: row.physical_network,
    // node-postgres returns bigint columns as strings.
    segmentation_id: row.segmentation_id === null ? null : Number(row.segmentation_id),
    is_dynamic: Boolean(row.is_dynamic),
    segment_index: Number(row.segment_index),
  };
}

/** The ml2_network_segments table (neutron's networksegments, segments_db). */
export const networkSegments = {
  async add(db: Ml2Db, networkId: string, segment: SegmentSpec, index: number, isDynamic = false): Promise<NetworkSegment> {
    const row: SegmentRow = {
      id: randomUUID(),
      network_id: networkId,
      network_type: segment.network_type,
      physical_network: segment.physical_network ?? null,
      segmentation_id: segment.segmentation_id ?? null,
      is_dynamic: isDynamic ? 1 : 0,
      segment_index: index,
    };
    await db
      .insertInto('ml2_network_segments')
      .values({ ...row, segmentation_id: segment.segmentation_id ?? null })
      .execute();
    return toSegment(row);
  },

  /** Segments per network id, in segment order; dynamic ones only when asked. */
  async forNetworks(db: Ml2Db, networkIds: readonly string[], includeDynamic = false): Promise<Map<string, NetworkSegment[]>> {
    const found = new Map<string, NetworkSegment[]>(networkIds.map((id) => [id, []]));
    if (networkIds.length === 0) return found;
    let query = db
      .selectFrom('ml2_network_segments')
      .select(['id', 'network_id', 'network_type', 'physical_network', 'segmentation_id', 'is_dynamic', 'segment_index'])
      .where('network_id', 'in', [...networkIds]);
    if (!includeDynamic) query = query.where('is_dynamic', '=', 0);
    const rows = await query.orderBy('segment_index').orderBy('id').execute();
    for (const row of rows) found.get(row.network_id)?.push(toSegment(row));
    return found;
  },

  async forNetwork(db: Ml2Db, networkId: string, includeDynamic = false): Promise<NetworkSegment[]> {
    return (await networkSegments.forNetworks(db, [networkId], includeDynamic)).get(networkId) ?? [];
  },

  /** Segments, dynamic ones included, matching every part of the query that is given. */
  async find(db: Ml2Db, query: NetworkSegmentQuery): Promise<NetworkSegment[]> {
    const narrowing = [query.ids, query.networkIds, query.networkTypes, query.physicalNetworks];
    if (narrowing.some((values) => values?.length === 0)) return [];
    let select = db
      .selectFrom('ml2_network_segments')
      .select(['id', 'network_id', 'network_type', 'physical_network', 'segmentation_id', 'is_dynamic', 'segment_index']);
    if (query.ids) select = select.where('id', 'in', [...query.ids]);
    if (query.networkIds) select = select.where('network_id', 'in', [...query.networkIds]);
    if (query.networkTypes) select = select.where('network_type', 'in', [...query.networkTypes]);
    if (query.physicalNetworks) select = select.where('physical_network', 'in', [...query.physicalNetworks]);
    const rows = await select.orderBy('network_id').orderBy('segment_index').orderBy('id').execute();
    return rows.map(toSegment);
  },

  async get(db: Ml2Db, segmentId: string): Promise<NetworkSegment | undefined> {
    const row = await db
      .selectFrom('ml2_network_segments')
      .select(['id', 'network_id', 'network_type', 'physical_network', 'segmentation_id', 'is_dynamic', 'segment_index'])
      .where('id', '=', segmentId)
      .executeTakeFirst();
    return row && toSegment(row);
  },

  async deleteForNetwork(db: Ml2Db, networkId: string): Promise<void> {
    await db.deleteFrom('ml2_network_segments').where('network_id', '=', networkId).execute();
  },

  async delete(db: Ml2Db, segmentId: string): Promise<void> {
    await db.deleteFrom('ml2_network_segments').where('id', '=', segmentId).execute();
  },
};
