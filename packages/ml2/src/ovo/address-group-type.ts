import { STANDARD_FIELDS } from './dict-loader.js';
import type { ObjectType } from './object-type.js';
import { OBJECT_VERSIONS } from './object-versions.js';
import { primitive } from './primitive.js';

/**
 * neutron's AddressGroup objects. net-server has no address groups (no
 * rule can name one), so there are none to give; the type is served so
 * that an agent asking gets an empty answer rather than CallbackNotFound.
 */
export const addressGroupType: ObjectType = {
  name: 'AddressGroup',
  filterable: ['id', 'project_id', 'tenant_id', 'name', 'shared', ...STANDARD_FIELDS],
  async candidates() {
    return [];
  },
  async load() {
    return [];
  },
  deleted(id) {
    return primitive('AddressGroup', OBJECT_VERSIONS.AddressGroup, { id, shared: false }, ['id', 'shared']);
  },
};
