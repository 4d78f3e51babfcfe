import {
  MysqlAdapter,
  PostgresAdapter,
  type InsertObject,
  type Kysely,
  type OnConflictBuilder,
  type OnConflictDoNothingBuilder,
  type Updateable,
} from 'kysely';
import type { Dialect } from './migration.js';

/**
 * The dialect a query layer from `Database` (or a transaction on it) runs
 * on, for code that is handed only the query layer. Kysely is built into
 * net-server, so every engine's adapter is one of this copy's classes.
 */
export function dialectOf<DB>(db: Kysely<DB>): Dialect {
  const { adapter } = db.getExecutor();
  if (adapter instanceof MysqlAdapter) return 'mysql';
  if (adapter instanceof PostgresAdapter) return 'postgres';
  return 'sqlite';
}

// ER_DUP_ENTRY, ER_DUP_ENTRY_WITH_KEY_NAME.
const MYSQL_DUPLICATE = new Set([1062, 1586]);

function isMysqlDuplicate(error: unknown): boolean {
  const { errno, sqlState } = (error ?? {}) as { errno?: unknown; sqlState?: unknown };
  return typeof errno === 'number' && typeof sqlState === 'string' && MYSQL_DUPLICATE.has(errno);
}

/**
 * Inserts the rows whose key is free and skips the others, as PostgreSQL's
 * and SQLite's `ON CONFLICT (...) DO NOTHING`, on every dialect; resolves
 * with how many it inserted. `conflict` names the key, e.g.
 * `(c) => c.columns(['port_id', 'entity']).doNothing()`.
 *
 * MySQL has no ON CONFLICT. INSERT IGNORE would also turn a foreign key
 * violation or a value too long into a warning, and ON DUPLICATE KEY
 * UPDATE counts a skipped row as one affected, like an inserted one; so
 * there the rows go in one plain INSERT, and only when a key is taken does
 * each row get an INSERT of its own, a duplicate key error skipping it (a
 * failed statement rolls back alone in MySQL; the transaction goes on).
 * One INSERT a row was 16,500 round trips for a PUT of 16,500 tags: 7 to
 * over 30 s. A row whose key another transaction holds uncommitted waits
 * for it, as under ON CONFLICT.
 */
export async function insertSkippingDuplicates<DB, TB extends keyof DB & string>(
  db: Kysely<DB>,
  table: TB,
  rows: readonly InsertObject<DB, TB>[],
  conflict: (builder: OnConflictBuilder<DB, TB>) => OnConflictDoNothingBuilder<DB, TB>,
): Promise<number> {
  if (rows.length === 0) return 0;
  if (dialectOf(db) !== 'mysql') {
    const result = await db.insertInto(table).values(rows).onConflict(conflict).executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n);
  }
  try {
    await db.insertInto(table).values(rows).execute();
    return rows.length;
  } catch (error) {
    if (!isMysqlDuplicate(error)) throw error;
  }
  let inserted = 0;
  for (const row of rows) {
    try {
      await db.insertInto(table).values(row).execute();
      inserted++;
    } catch (error) {
      if (!isMysqlDuplicate(error)) throw error;
    }
  }
  return inserted;
}

/**
 * Inserts `row`, or sets `set` on the row that has its key: PostgreSQL's
 * and SQLite's `ON CONFLICT (key) DO UPDATE SET`, MySQL's `ON DUPLICATE
 * KEY UPDATE` (which fires on any unique key of the table: use it where
 * `key` is the table's only one). `key` names the conflict target, e.g.
 * `(c) => c.column('port_id')`.
 */
export async function upsertRow<DB, TB extends keyof DB & string>(
  db: Kysely<DB>,
  table: TB,
  row: InsertObject<DB, TB>,
  key: (builder: OnConflictBuilder<DB, TB>) => OnConflictBuilder<DB, TB>,
  set: Updateable<DB[TB]>,
): Promise<void> {
  const insert = db.insertInto(table).values(row);
  // Plain column values, which both builders take; kysely's types cannot tell for a generic table.
  if (dialectOf(db) === 'mysql') await insert.onDuplicateKeyUpdate(set as Parameters<typeof insert.onDuplicateKeyUpdate>[0]).execute();
  else await insert.onConflict((conflict) => key(conflict).doUpdateSet(set as Parameters<OnConflictBuilder<DB, TB>['doUpdateSet']>[0])).execute();
}
