import { isAttrSpecified } from '@net-server/lib';
import { givenString, type ResourceHooks, type Session, type TableResource } from 'net-server';
import { AddressGroupInUse, AddressGroupNotFound } from './address-group-errors.js';
import type { AddressGroupRow, AddressGroupTables } from './address-group-schema.js';
import { normalisedAddresses } from './address-list.js';

type RuleColumns = { ml2_security_group_rules: { id: string; remote_address_group_id: string | null } };

function groupsDb(session: Session) {
  return session.db.withTables<AddressGroupTables & RuleColumns>();
}

/**
 * Address groups (neutron's AddressGroup): a project's, seen by others
 * through RBAC entries (address-group-rbac.ts), with the standard
 * attributes. One that a security group rule names cannot go
 * (AddressGroupInUse, whoever owns the rule).
 */
export const addressGroups: TableResource<AddressGroupRow> = {
  table: 'ml2_address_groups',
  member: 'address_group',
  collection: 'address_groups',
  visibility: 'owner',
  standardAttributes: true,
  notFound: (id) => new AddressGroupNotFound({ address_group_id: id }),
  toDict: (row) => ({ name: row.name }),
  newRow: (body) => ({ name: givenString(body, 'name') ?? '' }),
  changes: (body) => {
    const name = givenString(body, 'name');
    return name === undefined ? {} : { name };
  },
  release: async (session, row) => {
    const rule = await groupsDb(session).selectFrom('ml2_security_group_rules').select('id').where('remote_address_group_id', '=', row.id).executeTakeFirst();
    if (rule !== undefined) throw new AddressGroupInUse({ address_group_id: row.id });
  },
};

/** The stored addresses of each group, in address order. */
export async function addressesOf(session: Session, groupIds: readonly string[]): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>(groupIds.map((id) => [id, []]));
  if (groupIds.length === 0) return found;
  const rows = await groupsDb(session)
    .selectFrom('ml2_address_associations')
    .selectAll()
    .where('address_group_id', 'in', [...groupIds])
    .orderBy('address')
    .execute();
  for (const row of rows) found.get(row.address_group_id)?.push(row.address);
  return found;
}

export async function insertAddresses(session: Session, groupId: string, addresses: readonly string[]): Promise<void> {
  if (addresses.length === 0) return;
  await groupsDb(session)
    .insertInto('ml2_address_associations')
    .values(addresses.map((address) => ({ address_group_id: groupId, address })))
    .execute();
}

export async function deleteAddresses(session: Session, groupId: string, addresses: readonly string[]): Promise<void> {
  if (addresses.length === 0) return;
  await groupsDb(session)
    .deleteFrom('ml2_address_associations')
    .where('address_group_id', '=', groupId)
    .where('address', 'in', [...addresses])
    .execute();
}

/**
 * A group's `addresses`: those a create names, normalised (neutron's
 * create_address_group adds them as add_addresses does), and shown with
 * every group.
 */
export const addressHooks: ResourceHooks = {
  async precommitCreate(session, request, group) {
    const addresses = request['addresses'];
    if (addresses !== undefined && isAttrSpecified(addresses)) await insertAddresses(session, String(group['id']), normalisedAddresses(addresses));
  },
  async extendDicts(session, groups) {
    const addresses = await addressesOf(
      session,
      groups.map((group) => String(group['id'])),
    );
    for (const group of groups) group['addresses'] = addresses.get(String(group['id'])) ?? [];
  },
};
