import type { Kysely } from 'kysely';

/**
 * The schema a migration works on: any table, any column. Migrations use
 * the schema builder or `sql` templates rather than typed queries, since
 * they run against whatever the database held before them.
 */
export type MigrationSchema = Record<string, Record<string, unknown>>;

export type Dialect = 'sqlite' | 'postgres' | 'mysql';

export interface MigrationContext {
  /** Branch on this where SQLite, PostgreSQL and MySQL (or MariaDB) need different DDL. */
  dialect: Dialect;
}

/**
 * One schema change, contributed by a package through its
 * `net_server.db.migrations` entry point (which exports an array of them,
 * applied in array order). `id` must be unique among all installed
 * packages: prefix it with the package's short name (`ml2_0001_initial`).
 * `after` lists ids from other packages that must be applied first. `up`
 * runs inside a transaction (do not open another); if it throws, the
 * transaction is rolled back. MySQL and MariaDB commit each schema
 * statement as it runs: there a failed migration's new tables are dropped
 * and the tables it had altered are reported (MigrationFailedError), so a
 * migration that alters existing tables should do its checks first.
 */
export interface Migration {
  id: string;
  after?: readonly string[];
  up(db: Kysely<MigrationSchema>, context: MigrationContext): Promise<void>;
}

/** The migrations one package contributes. */
export interface MigrationSet {
  packageName: string;
  migrations: readonly Migration[];
}
