import { givenBoolean, givenInteger, givenString, type Session, type TableResource } from 'net-server';
import type { AddressScopeRow } from '../db/schema.js';
import { AddressScopeInUse, AddressScopeNotFound, AddressScopeUpdateError } from '../errors.js';
import { lockAddressScope } from './address-scope-lock.js';

/**
 * Address scopes (neutron's AddressScope): a project's, or shared with
 * every project. The model has no standard attributes, so no description,
 * timestamps, revisions nor tags. Once shared, a scope stays shared
 * (neutron's update_address_scope); one that subnet pools are in cannot go
 * (delete_address_scope), checked under the scope's lock that pools take
 * to join it.
 */
export const addressScopes: TableResource<AddressScopeRow> = {
  table: 'address_scopes',
  member: 'address_scope',
  collection: 'address_scopes',
  visibility: 'owner-or-shared',
  standardAttributes: false,
  notFound: (id) => new AddressScopeNotFound({ address_scope_id: id }),
  toDict: (row) => ({ name: row.name, shared: Boolean(row.shared), ip_version: Number(row.ip_version) }),
  newRow: (body) => ({ name: givenString(body, 'name') ?? '', shared: givenBoolean(body, 'shared') ?? false, ip_version: givenInteger(body, 'ip_version') ?? undefined }),
  changes: (body, row) => {
    const name = givenString(body, 'name');
    const shared = givenBoolean(body, 'shared');
    if (Boolean(row.shared) && shared === false) {
      throw new AddressScopeUpdateError({ address_scope_id: row.id, reason: "Shared address scope can't be unshared" });
    }
    return { ...(name === undefined ? {} : { name }), ...(shared === undefined ? {} : { shared }) };
  },
  release: async (session: Session, row: AddressScopeRow) => {
    await lockAddressScope(session, row.id);
    const pool = await session.db.selectFrom('subnetpools').select('id').where('address_scope_id', '=', row.id).executeTakeFirst();
    if (pool !== undefined) throw new AddressScopeInUse({ address_scope_id: row.id });
  },
};
