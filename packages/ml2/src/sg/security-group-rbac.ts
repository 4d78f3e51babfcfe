import type { RbacObjectType } from 'net-server';
import { ml2View } from '../db/ml2-view.js';
import type { Ml2Tables } from '../db/schema.js';
import { SecurityGroupNotFound } from './security-group-errors.js';

/** neutron's securitygrouprbacs, ML2's as its security groups are (migration ml2_0010_security_group_rbac). */
export const SECURITY_GROUP_RBAC_TABLE = 'ml2_security_group_rbacs';

/**
 * The `security_group` RBAC object type (neutron's SecurityGroupRBAC,
 * `rbac-security-groups`): access_as_shared to a project lets it see the
 * group (with its rules) and put its ports in it; the group stays its
 * owner's to change. An entry a project's ports depend on stays
 * (RbacPolicyInUse). As in neutron, entries do not revise the group.
 */
export function securityGroupRbac(): RbacObjectType {
  return {
    name: 'security_group',
    table: SECURITY_GROUP_RBAC_TABLE,
    find: (session, id) => ml2View(session.db).selectFrom('ml2_security_groups').select(['id', 'project_id']).where('id', '=', id).executeTakeFirst(),
    notFound: (id) => new SecurityGroupNotFound({ id }),
    async boundProjects(session, id) {
      const rows = await session.db
        .withTables<Pick<Ml2Tables, 'ml2_security_group_port_bindings'>>()
        .selectFrom('ml2_security_group_port_bindings')
        .innerJoin('ports', 'ports.id', 'ml2_security_group_port_bindings.port_id')
        .select('ports.project_id')
        .distinct()
        .where('ml2_security_group_port_bindings.security_group_id', '=', id)
        .execute();
      return new Set(rows.map((row) => row.project_id));
    },
  };
}
