import type { RbacObjectType, Session } from 'net-server';
import { AddressGroupNotFound } from './address-group-errors.js';
import type { AddressGroupTables } from './address-group-schema.js';

/** neutron's addressgrouprbacs, ML2's as its address groups are (migration ml2_0013_address_groups). */
export const ADDRESS_GROUP_RBAC_TABLE = 'ml2_address_group_rbacs';

function groupsDb(session: Session) {
  return session.db.withTables<AddressGroupTables & { ml2_security_group_rules: { remote_address_group_id: string | null; project_id: string } }>();
}

/**
 * The `address_group` RBAC object type (neutron's AddressGroupRBAC,
 * `rbac-address-group`): access_as_shared to a project lets it see the
 * group and name it as the remote of its security group rules; the group
 * stays its owner's to change. An entry that a project's rules depend on
 * stays (RbacPolicyInUse, neutron's AddressGroup.get_bound_project_ids).
 */
export function addressGroupRbac(): RbacObjectType {
  return {
    name: 'address_group',
    table: ADDRESS_GROUP_RBAC_TABLE,
    find: (session, id) => groupsDb(session).selectFrom('ml2_address_groups').select(['id', 'project_id']).where('id', '=', id).executeTakeFirst(),
    notFound: (id) => new AddressGroupNotFound({ address_group_id: id }),
    async boundProjects(session, id) {
      const rows = await groupsDb(session)
        .selectFrom('ml2_security_group_rules')
        .select('project_id')
        .distinct()
        .where('remote_address_group_id', '=', id)
        .execute();
      return new Set(rows.map((row) => row.project_id));
    },
  };
}
