/**
 * Database errors. Each says what is wrong and which command or setting
 * fixes it; the CLI exits 2 for configuration problems (a bad connection
 * URL) and 1 for the rest.
 */
export abstract class DatabaseError extends Error {
  abstract readonly code: string;
}

/** `[database] connection` is not a URL net-server can use. */
export class InvalidConnectionUrlError extends DatabaseError {
  readonly code = 'DB_INVALID_CONNECTION_URL';

  constructor(problem: string) {
    super(
      `[database] connection ${problem}. Use sqlite:///relative/path, sqlite:////absolute/path, ` +
        'postgresql://user:password@host:5432/dbname or mysql+pymysql://user:password@host:3306/dbname.',
    );
    this.name = 'InvalidConnectionUrlError';
  }
}

/**
 * No SQLite driver loads (see sqlite-driver.ts). The message is one line
 * that ends in the command to run: it is what a user sees when `start`
 * cannot open the embedded database, so it must not carry a loader's list
 * of tried paths (the original error is the cause).
 */
export class SqliteDriverError extends DatabaseError {
  readonly code = 'DB_SQLITE_DRIVER_UNAVAILABLE';
  /** What is wrong with the driver and the command that fixes it, without "SQLite cannot be opened". */
  readonly detail: string;

  constructor(detail: string, options?: { cause: unknown }) {
    const line = detail.replace(/\s*\n\s*/g, ' ');
    super(`SQLite cannot be opened: ${line}`, options);
    this.name = 'SqliteDriverError';
    this.detail = line;
  }
}

/** A migration list that cannot be applied as declared. */
export class MigrationDefinitionError extends DatabaseError {
  constructor(
    readonly code: 'DB_MIGRATION_INVALID' | 'DB_MIGRATION_UNAVAILABLE' | 'DB_MIGRATION_DUPLICATE' | 'DB_MIGRATION_MISSING_DEPENDENCY' | 'DB_MIGRATION_CYCLE',
    message: string,
  ) {
    super(message);
    this.name = 'MigrationDefinitionError';
  }
}

/**
 * What a failed migration left behind on MySQL or MariaDB, which commit
 * each schema statement as it runs (no transactional DDL): the migrator
 * drops the tables the migration had created and names the tables that
 * existed before and whose columns or indexes it had changed.
 */
export interface PartialMigration {
  /** Tables the migration had created, dropped again. */
  droppedTables: readonly string[];
  /** Tables that existed before and whose definition the migration changed: to be put back by hand. */
  alteredTables: readonly string[];
}

/** A migration that threw: its transaction was rolled back (on MySQL, as far as `partial` says). */
export class MigrationFailedError extends DatabaseError {
  readonly code = 'DB_MIGRATION_FAILED';

  constructor(
    readonly packageName: string,
    readonly migrationId: string,
    cause: unknown,
    readonly partial?: PartialMigration,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    const fix = `fix the cause (or report it to the authors of ${packageName}) and run \`net-server db upgrade\` again.`;
    super(
      partial === undefined
        ? `migration ${migrationId} of ${packageName} failed: ${reason}. Its changes were rolled back and later migrations were not run; ${fix}`
        : `migration ${migrationId} of ${packageName} failed: ${reason}. MySQL commits schema changes as they run, so they could not be ` +
            `rolled back as a whole: ${partial.droppedTables.length > 0 ? `the tables it had created were dropped again (${partial.droppedTables.join(', ')})` : 'it had created no table'}` +
            (partial.alteredTables.length > 0
              ? `, but it had already changed ${partial.alteredTables.join(', ')}, which must be put back by hand (or the database restored from its backup) before the upgrade can run again`
              : ', and it had changed no table that existed before') +
            `; rows it had written before its last schema statement, if any, remain (that statement committed them). Later migrations were not run; ${fix}`,
      { cause },
    );
    this.name = 'MigrationFailedError';
  }
}

/**
 * A MySQL upgrade's lease (mysql-upgrade-lock.ts) expired while a migration
 * ran and another upgrade took it: this one stops rather than run beside it.
 */
export class UpgradeLockLostError extends DatabaseError {
  readonly code = 'DB_UPGRADE_LOCK_LOST';

  constructor(seconds: number) {
    super(
      `this upgrade held the database's upgrade lease for more than ${seconds} s without renewing it, and another \`net-server db upgrade\` took it over: ` +
        'this one stopped. Run `net-server db upgrade` again once the other has finished.',
    );
    this.name = 'UpgradeLockLostError';
  }
}

/** A migration's schema change that MySQL would accept but not carry out (see mysql-schema.ts). */
export class MysqlSchemaError extends DatabaseError {
  readonly code = 'DB_MYSQL_SCHEMA_UNSUPPORTED';

  constructor(message: string) {
    super(message);
    this.name = 'MysqlSchemaError';
  }
}

/** Which database, from which setting, and the command that upgrades it: for the messages of `start`. */
export interface DatabaseLocation {
  /** The connection URL, password masked. */
  database: string;
  /** Where `[database] connection` came from: a file and line, the environment, the command line. */
  configuredIn: string;
  /** `net-server db upgrade` with the options that select the same configuration. */
  upgradeCommand: string;
}

/** The database lacks migrations that installed packages ship. */
export class DatabaseNotCurrentError extends DatabaseError {
  readonly code = 'DB_NOT_CURRENT';

  constructor(
    readonly pending: readonly { packageName: string; id: string }[],
    readonly uninitialised: boolean,
    readonly location?: DatabaseLocation,
  ) {
    const shown = pending
      .slice(0, 5)
      .map((migration) => `${migration.packageName}: ${migration.id}`)
      .join(', ');
    const more = pending.length > 5 ? `, and ${pending.length - 5} more` : '';
    const which = location ? `The database ${location.database} ([database] connection, from ${location.configuredIn})` : 'The database';
    super(
      (uninitialised
        ? `${which} has no net-server tables yet.`
        : `${which} is behind the installed packages: ${pending.length} migration(s) pending (${shown}${more}).`) +
        (location
          ? ` Run \`${location.upgradeCommand}\`, then start again.`
          : ' Run `net-server db upgrade` with the same configuration options, then start again.'),
    );
    this.name = 'DatabaseNotCurrentError';
  }
}

/** `db upgrade` on a database that holds neutron-server's own schema. */
export class NeutronDatabaseError extends DatabaseError {
  readonly code = 'DB_IS_NEUTRONS';

  constructor(database: string) {
    super(
      `The database ${database} holds neutron-server's own schema (its alembic_version table): net-server keeps tables of its own ` +
        "and would write them beside neutron's. Give net-server a database of its own in [database] connection " +
        '(create one, e.g. `createdb net_server` on PostgreSQL or `CREATE DATABASE net_server` on MySQL, and point the connection URL at it).',
    );
    this.name = 'NeutronDatabaseError';
  }
}
