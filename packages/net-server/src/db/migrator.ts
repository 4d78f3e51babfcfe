import { sql, type Kysely } from 'kysely';
import type { Database } from './database.js';
import { DatabaseNotCurrentError, MigrationFailedError, NeutronDatabaseError, type PartialMigration } from './errors.js';
import type { MigrationSchema, MigrationSet } from './migration.js';
import { MysqlSchemaPlugin, mysqlDatabaseDefaults } from './mysql-schema.js';
import { leaseUpgrades } from './mysql-upgrade-lock.js';
import { planMigrations, type PlannedMigration } from './migration-plan.js';

/** Records which migration of which package is applied. */
export const VERSION_TABLE = 'net_server_migrations';

/** pg_advisory_lock key for upgrades: "netsrvdb" as a 64-bit integer. */
const UPGRADE_LOCK_KEY = '7954882356016259682';

export interface AppliedMigration {
  packageName: string;
  id: string;
  appliedAt: string;
}

/** One package's state, as `net-server db current` shows it. */
export interface PackageMigrationState {
  packageName: string;
  /** The last migration of the package that is applied, if any. */
  current: string | undefined;
  applied: string[];
  pending: string[];
  /** false when the database records migrations of a package not installed now. */
  installed: boolean;
}

export interface UpgradeResult {
  applied: { packageName: string; id: string }[];
}

// A type alias, not an interface: withTables() needs an index-signature-compatible type.
type VersionTable = {
  [VERSION_TABLE]: { package: string; migration_id: string; applied_at: string };
};

type VersionSchema = MigrationSchema & VersionTable;

/**
 * Applies the migrations installed packages contribute and reports the
 * state of the database. Safe to run from several processes at once: on
 * PostgreSQL an advisory lock serialises upgrades, on MySQL a lease row
 * (mysql-upgrade-lock.ts, which holds across a Galera cluster's nodes), on
 * SQLite each migration runs in a `BEGIN IMMEDIATE`
 * transaction; either way the applied set is re-read under the lock, so
 * every migration runs exactly once.
 *
 * Each migration runs in a transaction with the row that records it. MySQL
 * and MariaDB commit each schema statement as it runs, though (the rows it
 * writes after that are still rolled back with its record): a migration
 * that fails there after creating or altering tables cannot be rolled
 * back, so the migrator drops the tables it had created and reports any
 * table that existed before and was changed (MigrationFailedError's
 * `partial`). Its CREATE TABLEs also go through MysqlSchemaPlugin (InnoDB,
 * utf8mb4 with a binary collation, foreign keys MySQL enforces), and the
 * database's defaults are set to the same character set and collation, for
 * tables created with raw SQL.
 */
export class Migrator {
  readonly #plan: PlannedMigration[];

  constructor(
    private readonly database: Database,
    sets: readonly MigrationSet[],
  ) {
    this.#plan = planMigrations(sets);
  }

  get plan(): readonly PlannedMigration[] {
    return this.#plan;
  }

  /**
   * Applies the pending migrations; refuses a database that holds
   * neutron-server's own schema (its alembic_version table), so that a
   * net-server pointed at neutron's database never writes its tables there.
   */
  async upgrade(): Promise<UpgradeResult> {
    if (await tableExists(this.database, NEUTRON_VERSION_TABLE)) throw new NeutronDatabaseError(this.database.displayUrl);
    const applied: UpgradeResult['applied'] = [];
    const { dialect } = this.database;
    await this.database.db.connection().execute(async (plain) => {
      const connection = dialect === 'mysql' ? plain.withPlugin(new MysqlSchemaPlugin(await mysqlDatabaseDefaults(plain))) : plain;
      // Same connection, typed for the version table.
      const db = connection.withTables<VersionTable>();
      if (dialect === 'postgres') await sql`select pg_advisory_lock(${sql.raw(UPGRADE_LOCK_KEY)})`.execute(db);
      const lease = dialect === 'mysql' ? await leaseUpgrades(connection) : undefined;
      try {
        if (dialect === 'mysql') {
          await ensureVersionTable(db);
          // Rather than BEGIN: a schema statement commits the transaction it runs in, and then, with autocommit off, the
          // next statement opens another, so the rows a migration writes after its DDL still roll back with its record.
          await sql`set session autocommit = 0`.execute(db);
        }
        for (const step of this.#plan) {
          // Outside the try: a BEGIN that fails (SQLite busy past its timeout) has nothing to roll back.
          if (dialect !== 'mysql') await sql.raw(dialect === 'sqlite' ? 'begin immediate' : 'begin').execute(db);
          let before: SchemaSnapshot | undefined;
          try {
            // Committed with the step: a long upgrade keeps its lease from one migration to the next.
            await lease?.renew();
            if (dialect !== 'mysql') await ensureVersionTable(db);
            const done = await db
              .selectFrom(VERSION_TABLE)
              .select('migration_id')
              .where('package', '=', step.packageName)
              .where('migration_id', '=', step.migration.id)
              .executeTakeFirst();
            if (!done) {
              if (dialect === 'mysql') before = await schemaSnapshot(db);
              await step.migration.up(connection, { dialect });
              await db
                .insertInto(VERSION_TABLE)
                .values({ package: step.packageName, migration_id: step.migration.id, applied_at: new Date().toISOString() })
                .execute();
              applied.push({ packageName: step.packageName, id: step.migration.id });
            }
            await sql`commit`.execute(db);
          } catch (error) {
            await sql`rollback`.execute(db);
            const partial = before === undefined ? undefined : await undoCreatedTables(db, before);
            throw new MigrationFailedError(step.packageName, step.migration.id, error, partial);
          }
        }
      } finally {
        // The connection goes back to the pool: autocommit on again, or its next user's statements would wait for a COMMIT.
        try {
          if (dialect === 'mysql') await sql`set session autocommit = 1`.execute(db);
        } finally {
          // On a connection that died, a failed release leaves the lease to expire; the error that matters is the one being thrown.
          await lease?.release().catch(() => undefined);
        }
        if (dialect === 'postgres') await sql`select pg_advisory_unlock(${sql.raw(UPGRADE_LOCK_KEY)})`.execute(db);
      }
    });
    return { applied };
  }

  /** Migrations recorded in the database, oldest first; empty before the first upgrade. */
  async appliedMigrations(): Promise<AppliedMigration[]> {
    const db = this.database.db.withTables<VersionTable>();
    if (!(await tableExists(this.database, VERSION_TABLE))) return [];
    const rows = await db
      .selectFrom(VERSION_TABLE)
      .select(['package', 'migration_id', 'applied_at'])
      .orderBy('applied_at')
      .orderBy('package')
      .orderBy('migration_id')
      .execute();
    return rows.map((row) => ({ packageName: row.package, id: row.migration_id, appliedAt: row.applied_at }));
  }

  /** Per package: current migration, applied and pending ones. */
  async state(): Promise<PackageMigrationState[]> {
    const applied = await this.appliedMigrations();
    const done = new Set(applied.map((row) => `${row.packageName}\u0000${row.id}`));
    const states = new Map<string, PackageMigrationState>();
    const stateOf = (packageName: string, installed: boolean): PackageMigrationState => {
      let state = states.get(packageName);
      if (!state) {
        state = { packageName, current: undefined, applied: [], pending: [], installed };
        states.set(packageName, state);
      }
      return state;
    };
    for (const step of this.#plan) {
      const state = stateOf(step.packageName, true);
      if (done.has(`${step.packageName}\u0000${step.migration.id}`)) {
        state.applied.push(step.migration.id);
        state.current = step.migration.id;
      } else {
        state.pending.push(step.migration.id);
      }
    }
    const known = new Set(this.#plan.map((step) => `${step.packageName}\u0000${step.migration.id}`));
    for (const row of applied) {
      if (known.has(`${row.packageName}\u0000${row.id}`)) continue;
      const state = stateOf(row.packageName, states.get(row.packageName)?.installed ?? false);
      state.applied.push(row.id);
    }
    return [...states.values()].sort((a, b) => (a.packageName < b.packageName ? -1 : 1));
  }

  /**
   * Throws `DatabaseNotCurrentError` unless every installed migration is
   * applied: `net-server start` calls this before serving.
   */
  async assertCurrent(): Promise<void> {
    const initialised = await tableExists(this.database, VERSION_TABLE);
    const states = await this.state();
    const pending = states.flatMap((state) => state.pending.map((id) => ({ packageName: state.packageName, id })));
    if (pending.length > 0) throw new DatabaseNotCurrentError(pending, !initialised);
  }
}

async function ensureVersionTable(db: Kysely<VersionSchema>): Promise<void> {
  await db.schema
    .createTable(VERSION_TABLE)
    .ifNotExists()
    .addColumn('package', 'varchar(214)', (column) => column.notNull())
    .addColumn('migration_id', 'varchar(255)', (column) => column.notNull())
    .addColumn('applied_at', 'varchar(32)', (column) => column.notNull())
    .addPrimaryKeyConstraint(`${VERSION_TABLE}_pkey`, ['package', 'migration_id'])
    .execute();
}

/** neutron-server's alembic version table: the mark of neutron's own schema. */
const NEUTRON_VERSION_TABLE = 'alembic_version';

async function tableExists(database: Database, table: string): Promise<boolean> {
  // Looked up the way queries resolve names: PostgreSQL's search_path, MySQL's current database, SQLite's main schema.
  const query =
    database.dialect === 'postgres'
      ? sql<{ found: boolean }>`select to_regclass(${table}) is not null as found`
      : database.dialect === 'mysql'
        ? sql<{ found: number }>`select count(*) as found from information_schema.tables where table_schema = database() and table_name = ${table}`
        : sql<{ found: number }>`select count(*) as found from sqlite_master where type = 'table' and name = ${table}`;
  const { rows } = await query.execute(database.db);
  return Boolean(rows[0]?.found);
}

/** Each table of the current MySQL database and a fingerprint of its columns and indexes. */
type SchemaSnapshot = Map<string, string>;

/**
 * Flat queries on the current schema, named as a constant: MariaDB reads an
 * information_schema lookup from the named schema's tables alone only when
 * the schema is a constant. Correlated per table, the same lookups opened
 * every database's tables on the server, 2 to 3 s a snapshot where a CI's
 * test databases were many, before each of ~100 migrations.
 */
async function schemaSnapshot(db: Kysely<VersionSchema>): Promise<SchemaSnapshot> {
  const { rows: current } = await sql<{ name: string | null }>`select database() as name`.execute(db);
  const schema = current[0]?.name ?? '';
  const shapes = new Map<string, [string[], string[], string[]]>();
  const partsOf = (table: string) => {
    let parts = shapes.get(table);
    if (!parts) shapes.set(table, (parts = [[], [], []]));
    return parts;
  };
  const { rows: tables } = await sql<{ t: string }>`select table_name as t from information_schema.tables where table_schema = ${schema}`.execute(db);
  for (const row of tables) partsOf(row.t);
  const { rows: columns } = await sql<{ t: string; c: string; type: string; nullable: string; def: string | null }>`
    select table_name as t, column_name as c, column_type as type, is_nullable as nullable, column_default as def
      from information_schema.columns where table_schema = ${schema} order by table_name, ordinal_position`.execute(db);
  for (const row of columns) partsOf(row.t)[0].push([row.c, row.type, row.nullable, row.def ?? ''].join(':'));
  const { rows: indexes } = await sql<{ t: string; i: string; nu: number | string; c: string }>`
    select table_name as t, index_name as i, non_unique as nu, column_name as c
      from information_schema.statistics where table_schema = ${schema} order by table_name, index_name, seq_in_index`.execute(db);
  for (const row of indexes) partsOf(row.t)[1].push([row.i, String(row.nu), row.c].join(':'));
  const { rows: keys } = await sql<{ t: string; k: string; r: string | null; c: string }>`
    select table_name as t, constraint_name as k, referenced_table_name as r, column_name as c
      from information_schema.key_column_usage where table_schema = ${schema} order by table_name, constraint_name, ordinal_position`.execute(db);
  for (const row of keys) partsOf(row.t)[2].push([row.k, row.r ?? '', row.c].join(':'));
  return new Map([...shapes].map(([table, parts]) => [table, parts.map((part) => part.join(',')).join('|')]));
}

/** Drops what a failed MySQL migration created (see Migrator) and names the older tables it changed. */
async function undoCreatedTables(db: Kysely<VersionSchema>, before: SchemaSnapshot): Promise<PartialMigration> {
  const after = await schemaSnapshot(db);
  const droppedTables = [...after.keys()].filter((table) => !before.has(table)).sort();
  // Changed or dropped.
  const alteredTables = [...before.keys()].filter((table) => after.get(table) !== before.get(table)).sort();
  if (droppedTables.length > 0) {
    // The new tables may reference each other: dropped together, with the checks off on this connection only.
    await sql`set session foreign_key_checks = 0`.execute(db);
    try {
      await sql`drop table if exists ${sql.join(droppedTables.map((table) => sql.id(table)))}`.execute(db);
    } finally {
      await sql`set session foreign_key_checks = 1`.execute(db);
    }
  }
  return { droppedTables, alteredTables };
}
