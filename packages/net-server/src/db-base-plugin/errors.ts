import { DatabaseError } from '../db/errors.js';

/** The DB base plugin (or a plugin built on it) was created without a database engine. */
export class DatabaseRequiredError extends DatabaseError {
  readonly code = 'DB_REQUIRED';

  constructor(plugin: string) {
    super(`the ${plugin} core plugin stores its resources in the database, but none was opened. Set [database] connection and run \`net-server db upgrade\`.`);
    this.name = 'DatabaseRequiredError';
  }
}
