import { sql } from 'kysely';
import type { Database } from 'net-server';
import type { Ml2Db, Ml2Tables } from './schema.js';

/**
 * Runs `fn` in one transaction on one connection. On SQLite the transaction
 * starts with BEGIN IMMEDIATE: it takes the write lock up front (waiting up
 * to the busy timeout), so a read-then-insert cannot fail halfway with a
 * stale snapshot when another process wrote meanwhile. On PostgreSQL it is a
 * plain READ COMMITTED transaction; allocation relies on unique keys there.
 */
export async function runInTransaction<T>(database: Database, fn: (db: Ml2Db) => Promise<T>): Promise<T> {
  return database.db.connection().execute(async (connection) => {
    const db: Ml2Db = connection.withTables<Ml2Tables>();
    await sql.raw(database.dialect === 'sqlite' ? 'begin immediate' : 'begin').execute(db);
    let result: T;
    try {
      result = await fn(db);
    } catch (error) {
      await sql`rollback`.execute(db);
      throw error;
    }
    await sql`commit`.execute(db);
    return result;
  });
}

/** ML2's typed view of the engine, for reads outside a transaction. */
export function ml2Db(database: Database): Ml2Db {
  return database.db.withTables<Ml2Tables>();
}
