import { definitions, type ExtensionDescriptor } from '@net-server/lib';

/** The tag plugin's service type (neutron.extensions.tagging.TAG_PLUGIN_TYPE). */
export const TAG_PLUGIN_TYPE = 'TAG';

/** The sub-resource and attribute name (neutron.extensions.tagging.TAGS). */
export const TAGS = 'tags';

/**
 * The collections neutron Zed tags, by member name: its standard-attribute
 * models with `tag_support` (neutron_lib.db.standard_attr.get_tag_resource_parent_map).
 * Segments and security group rules have standard attributes but no tags.
 */
export const NEUTRON_TAGGABLE_COLLECTIONS: Readonly<Record<string, string>> = {
  networks: 'network',
  subnets: 'subnet',
  ports: 'port',
  subnetpools: 'subnetpool',
  routers: 'router',
  floatingips: 'floatingip',
  security_groups: 'security_group',
  network_segment_ranges: 'network_segment_range',
  policies: 'policy',
  trunks: 'trunk',
};

function memberOf(collection: string): string {
  return NEUTRON_TAGGABLE_COLLECTIONS[collection] ?? collection.replace(/ies$/, 'y').replace(/s$/, '');
}

/**
 * neutron's tagging extension (neutron/extensions/tagging.py) over the given
 * collections: `tags` shown and the four tag filters on each (ports also
 * take `tags` on create), and the `/tags` sub-resource under each, which
 * the tag plugin's controller answers with neutron's statuses.
 */
export function standardAttrTag(collections: readonly string[]): ExtensionDescriptor {
  return {
    alias: 'standard-attr-tag',
    name: `Tag support for resources with standard attribute: ${collections.map(memberOf).join(', ')}`,
    description: 'Enables to set tag on resources with standard attribute.',
    updated: '2017-01-01T00:00:00-00:00',
    isStandardAttrExtension: true,
    resourceAttributeMap: Object.fromEntries(
      collections.map((collection) => [collection, collection === 'ports' ? definitions.TAG_BODY_PORTS : definitions.TAG_BODY]),
    ),
    controllerSubresources: {
      [TAGS]: { parents: collections, actionStatus: { index: 200, show: 204, update: 201, updateAll: 200, delete: 204, deleteAll: 204 } },
    },
    requiredExtensions: [],
    optionalExtensions: [],
  };
}

/** `standard-attr-tag` as neutron declares it; the plugin serves it over the collections whose plugins keep tags. */
export const STANDARD_ATTR_TAG: ExtensionDescriptor = standardAttrTag(Object.keys(NEUTRON_TAGGABLE_COLLECTIONS));

/** neutron_lib.api.definitions.tag_ports_during_bulk_creation: ports take their tags in the create request, bulk included. */
export const TAG_PORTS_DURING_BULK_CREATION: ExtensionDescriptor = {
  alias: 'tag-ports-during-bulk-creation',
  name: 'Tag Ports During Bulk Creation',
  description: 'Allow to tag ports during bulk creation',
  updated: '2019-12-29T19:00:00-00:00',
  isShimExtension: true,
  resourceAttributeMap: {},
  requiredExtensions: [],
  optionalExtensions: [],
};

/** The descriptors this package contributes through `net_server.api.extensions`. */
export const tagExtensions: readonly ExtensionDescriptor[] = [STANDARD_ATTR_TAG, TAG_PORTS_DURING_BULK_CREATION];
