import type { Session } from 'net-server';
import type { AddressScopeTables } from '../db/schema.js';

/**
 * Locks an address scope's row until the transaction ends, so that subnet
 * pools joining it (whose prefixes must not overlap) and its deletion
 * (refused while pools are in it) take turns, each then reading what the
 * other committed (READ COMMITTED). SQLite's write transactions already
 * hold the whole file.
 */
export async function lockAddressScope(session: Session, id: string): Promise<void> {
  if (session.dialect === 'sqlite') return;
  await session.db.withTables<AddressScopeTables>().selectFrom('address_scopes').select('id').where('id', '=', id).forUpdate().execute();
}
