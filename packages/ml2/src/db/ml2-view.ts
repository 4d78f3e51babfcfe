import type { Kysely } from 'kysely';
import type { MigrationSchema } from 'net-server';
import type { Ml2Db, Ml2Tables } from './schema.js';

/**
 * ML2's typed view of a query layer typed for other tables (the base
 * plugin's session). Kysely's database type is invariant, so a
 * `Kysely<CoreSchema & Ml2Tables>` is not a `Kysely<MigrationSchema &
 * Ml2Tables>` to the compiler although it is the same object at run time;
 * this is the one place that says so.
 */
export function ml2View<DB extends MigrationSchema>(db: Kysely<DB>): Ml2Db {
  return db.withTables<Ml2Tables>() as unknown as Ml2Db;
}
