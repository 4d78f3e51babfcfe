import type { Session } from './session.js';
import { groupBy, inChunks } from './standard-attributes.js';

/** Tags of many resources at once: resource id -> tags. */
export async function loadTags(session: Session, ids: readonly string[]): Promise<Map<string, string[]>> {
  const rows = await inChunks(ids, (part) => session.db.selectFrom('tags').select(['resource_id', 'tag']).where('resource_id', 'in', part).execute());
  return groupBy(rows, (row) => row.resource_id, (row) => row.tag);
}

export async function saveTags(session: Session, resourceId: string, tags: readonly string[]): Promise<void> {
  const unique = [...new Set(tags)];
  if (unique.length === 0) return;
  await session.db
    .insertInto('tags')
    .values(unique.map((tag) => ({ resource_id: resourceId, tag })))
    .execute();
}

export async function deleteTags(session: Session, resourceId: string): Promise<void> {
  await session.db.deleteFrom('tags').where('resource_id', '=', resourceId).execute();
}
