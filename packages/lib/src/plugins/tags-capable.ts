import type { Context } from './context.js';

/**
 * A plugin whose resources can carry tags (neutron's standard-attribute
 * models with `tag_support`), so that the `tag` service plugin
 * (`standard-attr-tag`) tags them. The plugin keeps them in net-server's
 * shared tags table (`resourceTags`, keyed by resource id): its dicts show
 * `tags`, sorted; its lists honour the `tags`, `tags-any`, `not-tags` and
 * `not-tags-any` filters (`matchesFilters`); a create carrying `tags`
 * stores them (the tag plugin's extension lets ports take them, and
 * announces tag-ports-during-bulk-creation when ports are taggable);
 * deleting a resource forgets its tags. The tag plugin writes the table in a transaction of the core
 * plugin's TransactionRunner and calls `tagsChanged` inside it.
 */
export interface TagsCapable {
  /** The collections of this plugin whose resources may be tagged, e.g. ["routers", "floatingips"]. */
  readonly taggableCollections: readonly string[];
  /**
   * Records that a resource's tags changed, inside the tag plugin's write
   * transaction (a plugin using the core plugin's TransactionRunner joins
   * it): bumps the resource's revision_number and updated_at, as neutron's
   * revises_on_change. False when the resource is gone (deleted meanwhile),
   * so that the tag plugin rolls its change back.
   */
  tagsChanged(context: Context, collection: string, id: string): Promise<boolean>;
}

/** The plugin's tag support, when it has it; checked by shape, the plugin may come from another copy of this package. */
export function tagsCapableOf(plugin: object): TagsCapable | undefined {
  const candidate = plugin as Partial<TagsCapable>;
  return Array.isArray(candidate.taggableCollections) && typeof candidate.tagsChanged === 'function' ? (plugin as TagsCapable) : undefined;
}
