import { objectsSharedWith, sharedWith, type Session } from 'net-server';
import { ADDRESS_GROUP_RBAC_TABLE } from '../address-group/address-group-rbac.js';
import type { AddressGroupRow, AddressGroupTables } from '../address-group/address-group-schema.js';
import { addressesOf } from '../address-group/address-groups.js';
import { STANDARD_FIELDS } from './dict-loader.js';
import { filterStrings } from './object-filters.js';
import type { ObjectType } from './object-type.js';
import { OBJECT_VERSIONS } from './object-versions.js';
import { primitive, setKnown, standardAttributes } from './primitive.js';

/** neutron's AddressAssociation 1.0: one address of a group, as its IPNetworkField prints it. */
const ADDRESS_ASSOCIATION_VERSION = '1.0';

/** The groups among `ids` (every one when undefined) the session's caller sees: its project's and those shared with it. */
async function visibleGroups(session: Session, ids: readonly string[] | undefined): Promise<AddressGroupRow[]> {
  const db = session.db.withTables<AddressGroupTables>();
  const project = session.context.projectId ?? '';
  let query = db.selectFrom('ml2_address_groups').selectAll();
  if (!session.context.seesAllProjects) {
    query = query.where((eb) => eb.or([eb('project_id', '=', project), eb('id', 'in', objectsSharedWith(db, ADDRESS_GROUP_RBAC_TABLE, project))]));
  }
  if (ids !== undefined) query = query.where('id', 'in', ids.length > 0 ? [...ids] : ['']);
  return query.orderBy('id').execute();
}

/**
 * neutron's AddressGroup 1.2 objects, which the agents' security group
 * shim (SecurityGroupServerAPIShim) reads from its cache for the rules
 * whose remote is an address group: the group's addresses as
 * AddressAssociation objects, `shared` as the caller's project sees it
 * (an agent's admin context: shared with every project), and the
 * standard attributes.
 */
export const addressGroupType: ObjectType = {
  name: 'AddressGroup',
  filterable: ['id', 'project_id', 'tenant_id', 'name', 'shared', ...STANDARD_FIELDS],
  async candidates(_session, filters) {
    return filterStrings(filters, 'id');
  },
  async load(session, ids) {
    const groups = await visibleGroups(session, ids);
    const groupIds = groups.map((group) => group.id);
    const addresses = await addressesOf(session, groupIds);
    const shared = await sharedWith(session.db.withTables<AddressGroupTables>(), ADDRESS_GROUP_RBAC_TABLE, session.context.projectId ?? '', groupIds);
    return groups.map((group) => {
      const data = setKnown({ id: group.id, shared: shared.has(group.id) }, { name: group.name, project_id: group.project_id });
      data['addresses'] = (addresses.get(group.id) ?? []).map((address) =>
        primitive('AddressAssociation', ADDRESS_ASSOCIATION_VERSION, { address, address_group_id: group.id }),
      );
      Object.assign(data, standardAttributes(group));
      return primitive('AddressGroup', OBJECT_VERSIONS.AddressGroup, data);
    });
  },
  deleted(id) {
    return primitive('AddressGroup', OBJECT_VERSIONS.AddressGroup, { id, shared: false }, ['id', 'shared']);
  },
};
