import { ServiceUnavailable, defineNeutronException } from '@net-server/lib';
import { DatabaseError } from '../db/errors.js';

/** The DB base plugin (or a plugin built on it) was created without a database engine. */
export class DatabaseRequiredError extends DatabaseError {
  readonly code = 'DB_REQUIRED';

  constructor(plugin: string) {
    super(`the ${plugin} core plugin stores its resources in the database, but none was opened. Set [database] connection and run \`net-server db upgrade\`.`);
    this.name = 'DatabaseRequiredError';
  }
}

/** The database stayed out of reach for as long as an operation retries (503). Nothing was changed. */
export const DatabaseUnavailable = defineNeutronException<{ seconds: unknown; reason: unknown }>(
  ServiceUnavailable,
  'DatabaseUnavailable',
  'The database could not be reached for %(seconds)s seconds (%(reason)s), so nothing was changed. Try again once it is back.',
);

/**
 * The connection was cut while COMMIT was on its way (503): the server may
 * or may not have applied the change, so it is not run again blindly.
 */
export const DatabaseCommitInterrupted = defineNeutronException<{ reason: unknown }>(
  ServiceUnavailable,
  'DatabaseCommitInterrupted',
  'The database connection was lost while the change was being committed (%(reason)s), so it may or may not have been saved. Look the resource up before trying again.',
);
