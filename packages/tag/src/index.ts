export { TagPlugin } from './plugin/tag-plugin.js';
export {
  NEUTRON_TAGGABLE_COLLECTIONS,
  STANDARD_ATTR_TAG,
  TAG_PLUGIN_TYPE,
  TAG_PORTS_DURING_BULK_CREATION,
  TAGS,
  standardAttrTag,
  tagExtensions,
} from './api/definitions.js';
export { validateTag, validateTags } from './plugin/tag-validation.js';
export * from './errors.js';
