import type { ExtensionDescriptor, ServicePlugin, SubresourceController } from '@net-server/lib';
import type { PluginInit } from 'net-server';
import { STANDARD_ATTR_TAG, TAG_PLUGIN_TYPE, TAG_PORTS_DURING_BULK_CREATION, TAGS, standardAttrTag } from '../api/definitions.js';
import { asTagCorePlugin } from './core-access.js';
import { TaggableOwners } from './taggable-owners.js';
import { TaggingController } from './tagging-controller.js';

/**
 * The `tag` service plugin (neutron's TagPlugin, services/tag): tags on
 * every resource whose plugin keeps them (TagsCapable: the core plugin's
 * networks, subnets, subnet pools and ports, ML2's security groups, L3's
 * routers and floating IPs, any other plugin's that implements it), set
 * through `/v2.0/{collection}/{id}/tags` and shown and filtered by the
 * owners. `standard-attr-tag` is served over exactly those collections;
 * `tag-ports-during-bulk-creation` when ports are among them (their
 * plugin stores the tags a create carries).
 */
export class TagPlugin implements ServicePlugin {
  readonly pluginType = TAG_PLUGIN_TYPE;
  readonly pluginDescription = 'Tag support';
  readonly subresourceControllers: Readonly<Record<string, SubresourceController>>;
  readonly #owners: TaggableOwners;

  constructor(init: PluginInit) {
    const core = asTagCorePlugin(init.directory.corePlugin);
    this.#owners = new TaggableOwners(init.directory);
    this.subresourceControllers = { [TAGS]: new TaggingController(this.#owners, core) };
  }

  get supportedExtensionAliases(): readonly string[] {
    const ports = this.#owners.collections().includes('ports');
    return [STANDARD_ATTR_TAG.alias, ...(ports ? [TAG_PORTS_DURING_BULK_CREATION.alias] : [])];
  }

  /** `standard-attr-tag` over the collections whose plugins keep tags on this server. */
  adaptExtension(descriptor: ExtensionDescriptor): ExtensionDescriptor {
    return descriptor.alias === STANDARD_ATTR_TAG.alias ? standardAttrTag(this.#owners.collections()) : descriptor;
  }
}
