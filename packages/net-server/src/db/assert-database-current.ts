import type { PluginSource } from '../plugin-source.js';
import type { Database } from './database.js';
import { discoverMigrations, type MigrationDiscoveryOptions } from './migration-discovery.js';
import { Migrator } from './migrator.js';

/**
 * What `net-server start` runs before serving: throws
 * `DatabaseNotCurrentError` (naming `net-server db upgrade`) when installed
 * packages ship migrations the database lacks.
 */
export async function assertDatabaseCurrent(database: Database, plugins: PluginSource = {}, options: MigrationDiscoveryOptions = {}): Promise<void> {
  await new Migrator(database, await discoverMigrations(plugins, options)).assertCurrent();
}
