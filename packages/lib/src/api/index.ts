export { ATTR_NOT_SPECIFIED, isAttrSpecified } from './attribute.js';
export type { AttrNotSpecified, AttributeMap, AttributeSpec, Converter, ResourceAttributeMap, PolicyVerb, SubResourceSpec, ValidateSpec } from './attribute.js';
export type { ControllerSubresourceSpec, ExtensionDescriptor, HttpMethod } from './extension-descriptor.js';
export { TAG_FILTERS, isTagFilter, matchesTagFilter, matchesTagFilters, type TagFilter } from './tag-filters.js';
export { AttributeInfo, populateProjectInfo, withProjectId } from './attribute-info.js';
export type { ErrorFactory } from './attribute-info.js';
export * as definitions from './definitions/index.js';
export { timestampNow } from './timestamp.js';
export { matchesFilters, sameFilterValue } from './list-filters.js';
