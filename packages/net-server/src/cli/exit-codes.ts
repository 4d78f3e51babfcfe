/** Exit statuses scripts can rely on. */
export const ExitCode = {
  ok: 0,
  /** Something failed while doing the work: a database, a plugin, a file write. */
  runtimeError: 1,
  /** The command line or the configuration is wrong; fix it and run again. */
  usageError: 2,
  /** `db check`: the database lacks migrations installed packages ship. */
  databaseNotCurrent: 3,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A bad command line: unknown command, flag or argument. */
export class CliUsageError extends Error {
  readonly code = 'CLI_USAGE';

  constructor(
    message: string,
    /** The command whose --help explains the usage. */
    readonly command: string,
  ) {
    super(message);
    this.name = 'CliUsageError';
  }
}
