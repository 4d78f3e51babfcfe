import type { Context } from '@net-server/lib';
import { objectsSharedWith } from 'net-server';
import type { Ml2Db } from '../db/schema.js';
import { AddressGroupNotFound } from './address-group-errors.js';
import { ADDRESS_GROUP_RBAC_TABLE } from './address-group-rbac.js';
import type { AddressGroupTables } from './address-group-schema.js';

/**
 * neutron's AddressGroupDbMixin.check_address_group, for a security group
 * rule's remote_address_group_id: the group exists and `project` (the
 * rule's) sees it, its own or shared with it; a caller who sees every
 * project sees every group. Otherwise AddressGroupNotFound (404).
 */
export async function checkAddressGroup(db: Ml2Db, context: Context, id: string, project: string): Promise<void> {
  const groups = db.withTables<AddressGroupTables>();
  let query = groups.selectFrom('ml2_address_groups').select('id').where('id', '=', id);
  if (!context.seesAllProjects) {
    query = query.where((eb) => eb.or([eb('project_id', '=', project), eb('id', 'in', objectsSharedWith(groups, ADDRESS_GROUP_RBAC_TABLE, project))]));
  }
  if ((await query.executeTakeFirst()) === undefined) throw new AddressGroupNotFound({ address_group_id: id });
}
