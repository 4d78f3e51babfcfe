import type { AttributeMap } from '../attribute.js';
import type { ExtensionDescriptor } from '../extension-descriptor.js';

/**
 * The standard-attribute extensions (neutron/extensions/standardattrdescription,
 * timestamp, revisions): every resource backed by neutron's standard
 * attributes table gains description, created_at/updated_at and
 * revision_number. Service plugins with such resources pass their
 * collections to `standardAttributeExtensions` too. Tags (neutron's
 * tagging extension, `standard-attr-tag`) are the `tag` service plugin's:
 * TAG_BODY and TAG_BODY_PORTS are its attributes.
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

/** neutron.extensions.tagging.MAX_TAG_LEN. */
export const MAX_TAG_LEN = 255;

/** Tag filters: tags, tags-any, not-tags, not-tags-any; tags set through the /tags sub-resource. */
export const TAG_BODY: AttributeMap = {
  tags: { allowPost: false, allowPut: false, isVisible: true, isFilter: true },
  'tags-any': { allowPost: false, allowPut: false, isVisible: false, isFilter: true },
  'not-tags': { allowPost: false, allowPut: false, isVisible: false, isFilter: true },
  'not-tags-any': { allowPost: false, allowPut: false, isVisible: false, isFilter: true },
};

/** Ports also take tags on create (neutron's TAG_ATTRIBUTE_MAP_PORTS). */
export const TAG_BODY_PORTS: AttributeMap = {
  ...TAG_BODY,
  tags: {
    allowPost: true,
    allowPut: false,
    validate: { type: 'type:list_of_unique_strings', arg: MAX_TAG_LEN },
    default: [],
    isVisible: true,
    isFilter: true,
  },
};

export const CORE_STANDARD_ATTR_COLLECTIONS = ['networks', 'ports', 'subnets', 'subnetpools'] as const;

function over(collections: readonly string[], body: (collection: string) => AttributeMap): ExtensionDescriptor['resourceAttributeMap'] {
  return Object.fromEntries(collections.map((collection) => [collection, body(collection)]));
}

/** The description, timestamp and revision extensions over the given collections. */
export function standardAttributeExtensions(collections: readonly string[] = CORE_STANDARD_ATTR_COLLECTIONS): ExtensionDescriptor[] {
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
  ];
}
