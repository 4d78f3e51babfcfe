import { sql, type Kysely } from 'kysely';
import type { Database } from './database.js';
import { DatabaseNotCurrentError, MigrationFailedError, NeutronDatabaseError } from './errors.js';
import type { MigrationSchema, MigrationSet } from './migration.js';
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
 * PostgreSQL an advisory lock serialises upgrades, on SQLite each migration
 * runs in a `BEGIN IMMEDIATE` transaction; either way the applied set is
 * re-read under the lock, so every migration runs exactly once.
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
    await this.database.db.connection().execute(async (connection) => {
      // Same connection, typed for the version table.
      const db = connection.withTables<VersionTable>();
      const postgres = this.database.dialect === 'postgres';
      if (postgres) await sql`select pg_advisory_lock(${sql.raw(UPGRADE_LOCK_KEY)})`.execute(db);
      try {
        for (const step of this.#plan) {
          // Outside the try: a BEGIN that fails (SQLite busy past its timeout) has nothing to roll back.
          await sql.raw(postgres ? 'begin' : 'begin immediate').execute(db);
          try {
            await ensureVersionTable(db);
            const done = await db
              .selectFrom(VERSION_TABLE)
              .select('migration_id')
              .where('package', '=', step.packageName)
              .where('migration_id', '=', step.migration.id)
              .executeTakeFirst();
            if (!done) {
              await step.migration.up(connection, { dialect: this.database.dialect });
              await db
                .insertInto(VERSION_TABLE)
                .values({ package: step.packageName, migration_id: step.migration.id, applied_at: new Date().toISOString() })
                .execute();
              applied.push({ packageName: step.packageName, id: step.migration.id });
            }
            await sql`commit`.execute(db);
          } catch (error) {
            await sql`rollback`.execute(db);
            throw new MigrationFailedError(step.packageName, step.migration.id, error);
          }
        }
      } finally {
        if (postgres) await sql`select pg_advisory_unlock(${sql.raw(UPGRADE_LOCK_KEY)})`.execute(db);
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
  // Looked up the way queries resolve names: PostgreSQL's search_path, SQLite's main schema.
  const query =
    database.dialect === 'postgres'
      ? sql<{ found: boolean }>`select to_regclass(${table}) is not null as found`
      : sql<{ found: number }>`select count(*) as found from sqlite_master where type = 'table' and name = ${table}`;
  const { rows } = await query.execute(database.db);
  return Boolean(rows[0]?.found);
}
