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
      `[database] connection ${problem}. Use sqlite:///relative/path, sqlite:////absolute/path or ` +
        'postgresql://user:password@host:5432/dbname.',
    );
    this.name = 'InvalidConnectionUrlError';
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

/** A migration that threw; its transaction was rolled back. */
export class MigrationFailedError extends DatabaseError {
  readonly code = 'DB_MIGRATION_FAILED';

  constructor(
    readonly packageName: string,
    readonly migrationId: string,
    cause: unknown,
  ) {
    super(
      `migration ${migrationId} of ${packageName} failed: ${cause instanceof Error ? cause.message : String(cause)}. ` +
        'Its changes were rolled back and later migrations were not run; fix the cause (or report it to the ' +
        `authors of ${packageName}) and run \`net-server db upgrade\` again.`,
      { cause },
    );
    this.name = 'MigrationFailedError';
  }
}

/** The database lacks migrations that installed packages ship. */
export class DatabaseNotCurrentError extends DatabaseError {
  readonly code = 'DB_NOT_CURRENT';

  constructor(
    readonly pending: readonly { packageName: string; id: string }[],
    readonly uninitialised: boolean,
  ) {
    const shown = pending
      .slice(0, 5)
      .map((migration) => `${migration.packageName}: ${migration.id}`)
      .join(', ');
    const more = pending.length > 5 ? `, and ${pending.length - 5} more` : '';
    super(
      (uninitialised
        ? 'The database has no net-server tables yet.'
        : `The database is behind the installed packages: ${pending.length} migration(s) pending (${shown}${more}).`) +
        ' Run `net-server db upgrade` with the same configuration options, then start again.',
    );
    this.name = 'DatabaseNotCurrentError';
  }
}
