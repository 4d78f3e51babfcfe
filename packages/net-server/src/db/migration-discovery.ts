import { join } from 'node:path';
import { ExtensionManager } from '@net-server/entrypoints';
import { silentLogger, type Logger } from '@net-server/lib';
import { discoveryOptions, type PluginSource } from '../plugin-source.js';
import { MigrationDefinitionError } from './errors.js';
import type { Migration, MigrationSet } from './migration.js';

export const MIGRATIONS_NAMESPACE = 'net_server.db.migrations';

export interface MigrationDiscoveryOptions {
  /**
   * Packages whose migrations must load: those providing the configured
   * plugins (`configuredPluginPackages`). A broken migration list of any
   * other installed package is logged and skipped.
   */
  required?: ReadonlySet<string>;
  logger?: Logger;
}

interface Unavailable {
  packageName: string;
  version: string | undefined;
  file: string | undefined;
  reason: string;
}

/**
 * Loads every installed package's `net_server.db.migrations` entry point.
 * A package whose list cannot be loaded has none of its migrations applied
 * (applying part of them could leave its schema half-way). That stops the
 * caller only when a configured plugin comes from that package: an
 * unrelated broken package must not keep the server from its own schema.
 */
export async function discoverMigrations(source: PluginSource, options: MigrationDiscoveryOptions = {}): Promise<MigrationSet[]> {
  const unavailable: Unavailable[] = [];
  const manager = await ExtensionManager.load({
    ...discoveryOptions(source),
    namespace: MIGRATIONS_NAMESPACE,
    onLoadFailure: (_manager, entryPoint, error) =>
      unavailable.push({
        packageName: entryPoint?.package.name ?? error.package ?? error.entry ?? '(unknown package)',
        version: entryPoint?.package.version ?? error.version,
        file: error.file,
        reason: error.reason,
      }),
  });
  const byPackage = new Map<string, Migration[]>();
  for (const extension of manager) {
    const packageName = extension.entryPoint?.package.name ?? extension.name;
    if (!Array.isArray(extension.plugin)) {
      unavailable.push({
        packageName,
        version: extension.entryPoint?.package.version,
        file: extension.entryPoint === undefined ? undefined : join(extension.entryPoint.package.path, extension.entryPoint.module),
        reason: `the entry point "${extension.name}" does not export an array of migrations`,
      });
      continue;
    }
    byPackage.set(packageName, [...(byPackage.get(packageName) ?? []), ...(extension.plugin as Migration[])]);
  }
  const logger = options.logger ?? silentLogger;
  for (const { packageName, version, file, reason } of unavailable) {
    byPackage.delete(packageName);
    const where = `${packageName}${version === undefined ? '' : `@${version}`}${file === undefined ? '' : ` (${file})`}`;
    if (options.required?.has(packageName) === true) {
      throw new MigrationDefinitionError(
        'DB_MIGRATION_UNAVAILABLE',
        `The database migrations of ${where}, which provides a configured plugin, cannot be loaded: ${reason}. ` +
          'Reinstall or upgrade that package (or report it to its authors), or remove its plugin from the configuration.',
      );
    }
    logger.warn('database migrations of an installed package skipped: it provides no configured plugin', { package: packageName, version, file, reason });
  }
  return [...byPackage].map(([packageName, migrations]) => ({ packageName, migrations }));
}
