import type { ResourceDict } from '@net-server/lib';
import { resourceTags, type ResourceHooks, type Session } from 'net-server';
import { segmentsView } from '../db/schema.js';

/**
 * The tags of a network's segments go with the network, whose segments the
 * core plugin releases itself. A tagged segment has an attributes row
 * (tagging makes one), which is still there before the network is deleted.
 */
export const segmentTagsHooks: ResourceHooks = {
  async beforeDelete(session: Session, network: ResourceDict): Promise<void> {
    const rows = await segmentsView(session.db).selectFrom('segment_attributes').select('segment_id').where('network_id', '=', String(network['id'])).execute();
    for (const row of rows) await resourceTags.remove(session.db, row.segment_id);
  },
};
