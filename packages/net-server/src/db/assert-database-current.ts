import type { PluginSource } from '../plugin-source.js';
import type { Database } from './database.js';
import { DatabaseNotCurrentError, type DatabaseLocation } from './errors.js';
import { discoverMigrations, type MigrationDiscoveryOptions } from './migration-discovery.js';
import { Migrator } from './migrator.js';

/**
 * What `net-server start` runs before serving: throws
 * `DatabaseNotCurrentError` (naming `net-server db upgrade`, and with
 * `location` the database, where it was configured and the exact command)
 * when installed packages ship migrations the database lacks.
 */
export async function assertDatabaseCurrent(
  database: Database,
  plugins: PluginSource = {},
  options: MigrationDiscoveryOptions = {},
  location?: DatabaseLocation,
): Promise<void> {
  try {
    await new Migrator(database, await discoverMigrations(plugins, options)).assertCurrent();
  } catch (error) {
    if (!(error instanceof DatabaseNotCurrentError) || location === undefined) throw error;
    throw new DatabaseNotCurrentError(error.pending, error.uninitialised, location);
  }
}
