import { ExtensionManager } from '@net-server/entrypoints';
import { discoveryOptions, type PluginSource } from '../plugin-source.js';
import { MigrationDefinitionError } from './errors.js';
import type { Migration, MigrationSet } from './migration.js';

export const MIGRATIONS_NAMESPACE = 'net_server.db.migrations';

/**
 * Loads every installed package's `net_server.db.migrations` entry point.
 * Unlike options, a migration list that fails to load stops the upgrade:
 * applying the others could leave the schema half-way for that package.
 */
export async function discoverMigrations(source: PluginSource): Promise<MigrationSet[]> {
  const manager = await ExtensionManager.load({ ...discoveryOptions(source), namespace: MIGRATIONS_NAMESPACE, strict: true });
  const byPackage = new Map<string, Migration[]>();
  for (const extension of manager) {
    const packageName = extension.entryPoint?.package.name ?? extension.name;
    if (!Array.isArray(extension.plugin)) {
      throw new MigrationDefinitionError(
        'DB_MIGRATION_INVALID',
        `the ${MIGRATIONS_NAMESPACE} entry point "${extension.name}" of ${packageName} does not export an array of migrations. ` +
          'Report this to the package authors.',
      );
    }
    byPackage.set(packageName, [...(byPackage.get(packageName) ?? []), ...(extension.plugin as Migration[])]);
  }
  return [...byPackage].map(([packageName, migrations]) => ({ packageName, migrations }));
}
