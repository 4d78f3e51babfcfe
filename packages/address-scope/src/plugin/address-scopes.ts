import { givenInteger, givenString, type Session, type TableResource } from 'net-server';
import type { AddressScopeRow } from '../db/schema.js';
import { AddressScopeInUse, AddressScopeNotFound } from '../errors.js';
import { lockAddressScope } from './address-scope-lock.js';

/**
 * Address scopes (neutron's AddressScope): a project's, seen by others
 * through RBAC entries, whose hooks (address-scope-rbac.ts) also give a
 * scope its `shared`. The model has no standard attributes, so no
 * description, timestamps, revisions nor tags. One that subnet pools are in
 * cannot go (delete_address_scope), checked under the scope's lock that
 * pools take to join it.
 */
export const addressScopes: TableResource<AddressScopeRow> = {
  table: 'address_scopes',
  member: 'address_scope',
  collection: 'address_scopes',
  visibility: 'owner',
  standardAttributes: false,
  notFound: (id) => new AddressScopeNotFound({ address_scope_id: id }),
  toDict: (row) => ({ name: row.name, ip_version: Number(row.ip_version) }),
  newRow: (body) => ({ name: givenString(body, 'name') ?? '', ip_version: givenInteger(body, 'ip_version') ?? undefined }),
  changes: (body) => {
    const name = givenString(body, 'name');
    return name === undefined ? {} : { name };
  },
  release: async (session: Session, row: AddressScopeRow) => {
    await lockAddressScope(session, row.id);
    const pool = await session.db.selectFrom('subnetpools').select('id').where('address_scope_id', '=', row.id).executeTakeFirst();
    if (pool !== undefined) throw new AddressScopeInUse({ address_scope_id: row.id });
  },
};
