import type { AttributeMap } from '../attribute.js';
import type { ExtensionDescriptor } from '../extension-descriptor.js';

/**
 * The standard-attribute extensions (neutron/extensions/standardattrdescription,
 * timestamp, revisions, tagging): every resource backed by neutron's
 * standard attributes table gains description, created_at/updated_at,
 * revision_number and tags. Service plugins with such resources pass their
 * collections to `standardAttributeExtensions` too.
 */
export const DESCRIPTION_BODY: AttributeMap = {
  description: {
    allowPost: true,
    allowPut: true,
    validate: { type: 'type:string', arg: 255 },
    isVisible: true,
    default: '',
    isFilter: true,
  },
};

export const TIMESTAMP_BODY: AttributeMap = {
  created_at: { allowPost: false, allowPut: false, isVisible: true, default: null },
  updated_at: { allowPost: false, allowPut: false, isVisible: true, default: null },
};

export const REVISION_BODY: AttributeMap = {
  revision_number: { allowPost: false, allowPut: false, isVisible: true, default: null, isFilter: true },
};

/** Tag filters: tags, tags-any, not-tags, not-tags-any; tags set through the /tags sub-resource. */
export const TAG_BODY: AttributeMap = {
  tags: { allowPost: false, allowPut: false, isVisible: true, isFilter: true },
  'tags-any': { allowPost: false, allowPut: false, isVisible: false, isFilter: true },
  'not-tags': { allowPost: false, allowPut: false, isVisible: false, isFilter: true },
  'not-tags-any': { allowPost: false, allowPut: false, isVisible: false, isFilter: true },
};

/** Ports also take tags on create (tag-ports-during-bulk-creation). */
export const TAG_BODY_PORTS: AttributeMap = {
  ...TAG_BODY,
  tags: {
    allowPost: true,
    allowPut: false,
    validate: { type: 'type:list_of_unique_strings', arg: 255 },
    default: [],
    isVisible: true,
    isFilter: true,
  },
};

export const CORE_STANDARD_ATTR_COLLECTIONS = ['networks', 'ports', 'subnets', 'subnetpools'] as const;

function over(collections: readonly string[], body: (collection: string) => AttributeMap): ExtensionDescriptor['resourceAttributeMap'] {
  return Object.fromEntries(collections.map((collection) => [collection, body(collection)]));
}

/** The four standard-attribute extensions over the given collections. */
export function standardAttributeExtensions(
  collections: readonly string[] = CORE_STANDARD_ATTR_COLLECTIONS,
): ExtensionDescriptor[] {
  const members = collections.map((collection) => collection.replace(/ies$/, 'y').replace(/s$/, ''));
  return [
    {
      alias: 'standard-attr-description',
      name: 'standard-attr-description',
      description: 'Extension to add descriptions to standard attributes',
      updated: '2016-02-10T10:00:00-00:00',
      resourceAttributeMap: over(collections, () => DESCRIPTION_BODY),
      requiredExtensions: [],
      optionalExtensions: ['security-group', 'router'],
    },
    {
      alias: 'standard-attr-timestamp',
      name: 'Resource timestamps',
      description: 'Adds created_at and updated_at fields to all Neutron resources that have Neutron standard attributes.',
      updated: '2016-09-12T10:00:00-00:00',
      resourceAttributeMap: over(collections, () => TIMESTAMP_BODY),
      requiredExtensions: [],
      optionalExtensions: [],
    },
    {
      alias: 'standard-attr-revisions',
      name: 'Resource revision numbers',
      description: 'This extension will display the revision number of neutron resources.',
      updated: '2016-04-11T10:00:00-00:00',
      resourceAttributeMap: over(collections, () => REVISION_BODY),
      requiredExtensions: [],
      optionalExtensions: [],
    },
    {
      alias: 'standard-attr-tag',
      name: `Tag support for resources with standard attribute: ${members.join(', ')}`,
      description: 'Enables to set tag on resources with standard attribute.',
      updated: '2017-01-01T00:00:00-00:00',
      resourceAttributeMap: over(collections, (collection) => (collection === 'ports' ? TAG_BODY_PORTS : TAG_BODY)),
      requiredExtensions: [],
      optionalExtensions: [],
    },
  ];
}
