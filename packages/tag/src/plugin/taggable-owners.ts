import { tagsCapableOf, type TagsCapable } from '@net-server/lib';
import type { PluginDirectory } from 'net-server';

/**
 * Which loaded plugin keeps the tags of each collection (the TagsCapable
 * contract of @net-server/lib): the core plugin's collections first, then
 * the service plugins'. Asked once loading has finished (when the API is
 * built and on requests), since service plugins may load after this one.
 */
export class TaggableOwners {
  readonly #directory: PluginDirectory;

  constructor(directory: PluginDirectory) {
    this.#directory = directory;
  }

  /** Collection -> the plugin keeping its tags. */
  #owners(): Map<string, TagsCapable> {
    const owners = new Map<string, TagsCapable>();
    for (const plugin of this.#directory.uniquePlugins) {
      const owner = tagsCapableOf(plugin);
      for (const collection of owner?.taggableCollections ?? []) if (!owners.has(collection)) owners.set(collection, owner!);
    }
    return owners;
  }

  collections(): string[] {
    return [...this.#owners().keys()];
  }

  ownerOf(collection: string): TagsCapable | undefined {
    return this.#owners().get(collection);
  }
}
