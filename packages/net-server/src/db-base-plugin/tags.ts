import type { Kysely } from 'kysely';
import type { MigrationSchema } from '../db/migration.js';
import type { TagsTable } from './schema.js';
import { groupBy, inChunks } from './standard-attributes.js';

type TagsDb = Kysely<{ tags: TagsTable }>;

/** The tags table's typed view of any package's query layer: Kysely's database type is invariant, the object is the same. */
function tagsView<DB extends MigrationSchema>(db: Kysely<DB>): TagsDb {
  return db.withTables<{ tags: TagsTable }>() as unknown as TagsDb;
}

/**
 * The tags of every taggable resource, whichever plugin owns it (neutron's
 * tags on the standard attributes), in the core's `tags` table keyed by
 * resource id: resource ids are UUIDs, unique across collections. Owners
 * load them into their dicts and remove them when they delete a resource
 * (the TagsCapable contract of @net-server/lib); the tag plugin adds and
 * removes them. Each call takes the query layer of the caller's session.
 */
export const resourceTags = {
  /** Resource id -> its tags, sorted; resources without tags are absent. */
  async load<DB extends MigrationSchema>(db: Kysely<DB>, ids: readonly string[]): Promise<Map<string, string[]>> {
    const view = tagsView(db);
    const rows = await inChunks(ids, (part) => view.selectFrom('tags').select(['resource_id', 'tag']).where('resource_id', 'in', part).orderBy('tag').execute());
    return groupBy(rows, (row) => row.resource_id, (row) => row.tag);
  },

  /** Adds the tags the resource does not have yet (a concurrent add of the same tag is no conflict); the number added. */
  async add<DB extends MigrationSchema>(db: Kysely<DB>, resourceId: string, tags: readonly string[]): Promise<number> {
    const unique = [...new Set(tags)];
    if (unique.length === 0) return 0;
    const result = await tagsView(db)
      .insertInto('tags')
      .values(unique.map((tag) => ({ resource_id: resourceId, tag })))
      .onConflict((conflict) => conflict.columns(['resource_id', 'tag']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n);
  },

  /** Removes the given tags of the resource, or all of them; the number removed. */
  async remove<DB extends MigrationSchema>(db: Kysely<DB>, resourceId: string, tags?: readonly string[]): Promise<number> {
    if (tags !== undefined && tags.length === 0) return 0;
    let query = tagsView(db).deleteFrom('tags').where('resource_id', '=', resourceId);
    if (tags !== undefined) query = query.where('tag', 'in', [...new Set(tags)]);
    const result = await query.executeTakeFirst();
    return Number(result.numDeletedRows);
  },
};
