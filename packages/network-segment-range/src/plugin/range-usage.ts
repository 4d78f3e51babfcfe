import { constants, type ResourceDict } from '@net-server/lib';
import type { ResourceHooks, Session } from 'net-server';
import { rangesView, type RangesDb } from '../db/schema.js';
import { rangeOf, segmentsInRange, type RangeSpec } from './range-segments.js';

/** The ids of the range that no network holds (ML2 keeps a row per id in use). */
async function availableIds(db: RangesDb, range: RangeSpec): Promise<number[]> {
  const physicalNetwork = range.network_type === constants.TYPE_VLAN ? (range.physical_network ?? '') : '';
  const used = await db
    .selectFrom('ml2_segment_allocations')
    .select('segmentation_id')
    .where('network_type', '=', range.network_type)
    .where('physical_network', '=', physicalNetwork)
    .where('segmentation_id', '>=', range.minimum)
    .where('segmentation_id', '<=', range.maximum)
    .execute();
  const taken = new Set(used.map((row) => Number(row.segmentation_id)));
  const free: number[] = [];
  for (let id = range.minimum; id <= range.maximum; id += 1) if (!taken.has(id)) free.push(id);
  return free;
}

/**
 * A range's `available` ids and the ids its networks `used` (id to the
 * network's project), as neutron's NetworkSegmentRange.to_dict adds them.
 */
export const rangeUsageHooks: ResourceHooks = {
  async extendDicts(session: Session, dicts: ResourceDict[]): Promise<void> {
    const db = rangesView(session.db);
    for (const dict of dicts) {
      const range = rangeOf(dict);
      dict['available'] = await availableIds(db, range);
      dict['used'] = Object.fromEntries((await segmentsInRange(db, range)).map((segment) => [String(segment.segmentation_id), segment.project_id]));
    }
  },
};
