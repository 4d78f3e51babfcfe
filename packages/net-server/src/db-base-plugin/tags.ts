import type { Kysely } from 'kysely';
import type { MigrationSchema } from '../db/migration.js';
import { dialectOf, insertSkippingDuplicates } from '../db/portable-insert.js';
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
    const rows = await inChunks(ids, (part) =>
      view.selectFrom('tags').select(['resource_id', 'tag']).where('resource_id', 'in', part).orderBy('tag').execute(),
    );
    return groupBy(
      rows,
      (row) => row.resource_id,
      (row) => row.tag,
    );
  },

  /** Adds the tags the resource does not have yet (a concurrent add of the same tag is no conflict); the number added. */
  async add<DB extends MigrationSchema>(db: Kysely<DB>, resourceId: string, tags: readonly string[]): Promise<number> {
    const view = tagsView(db);
    // In chunks: a request may carry more tags than SQLite takes parameters in one statement.
    const added = await inChunks([...new Set(tags)], async (part) => [
      await insertSkippingDuplicates(
        view,
        'tags',
        part.map((tag) => ({ resource_id: resourceId, tag })),
        (conflict) => conflict.columns(['resource_id', 'tag']).doNothing(),
      ),
    ]);
    return added.reduce((sum, count) => sum + count, 0);
  },

  /** Removes the given tags of the resource, or all of them; the number removed. */
  async remove<DB extends MigrationSchema>(db: Kysely<DB>, resourceId: string, tags?: readonly string[]): Promise<number> {
    const view = tagsView(db);
    if (tags === undefined) return Number((await view.deleteFrom('tags').where('resource_id', '=', resourceId).executeTakeFirst()).numDeletedRows);
    const removed = await inChunks([...new Set(tags)], async (part) => {
      const result = await view.deleteFrom('tags').where('resource_id', '=', resourceId).where('tag', 'in', part).executeTakeFirst();
      return [Number(result.numDeletedRows)];
    });
    return removed.reduce((sum, count) => sum + count, 0);
  },

  /**
   * Makes `tags` the resource's tags, from what is stored when the statement
   * runs (not from a copy read earlier, which a concurrent change may have
   * outdated); whether they changed.
   */
  async replace<DB extends MigrationSchema>(db: Kysely<DB>, resourceId: string, tags: readonly string[]): Promise<boolean> {
    const view = tagsView(db);
    const wanted = new Set(tags);
    if (dialectOf(view) === 'mysql') {
      // MySQL has no DELETE ... RETURNING: the tags stay as they were exactly when none is removed and none added.
      let remove = view.deleteFrom('tags').where('resource_id', '=', resourceId);
      if (wanted.size > 0) remove = remove.where('tag', 'not in', [...wanted]);
      const removed = Number((await remove.executeTakeFirst()).numDeletedRows);
      const added = await resourceTags.add(db, resourceId, [...wanted]);
      return removed > 0 || added > 0;
    }
    const before = await view.deleteFrom('tags').where('resource_id', '=', resourceId).returning('tag').execute();
    await resourceTags.add(db, resourceId, [...wanted]);
    return before.length !== wanted.size || before.some((row) => !wanted.has(row.tag));
  },
};
