import type { Logger } from '@net-server/lib';
import type { Config } from '../config/config.js';
import { describeOrigin } from '../config/errors.js';
import { databaseOptions } from '../config/server-options.js';
import { assertDatabaseCurrent } from '../db/assert-database-current.js';
import { discoverMigrations } from '../db/migration-discovery.js';
import { Migrator } from '../db/migrator.js';
import type { Database } from '../db/database.js';
import { openDatabase } from '../db/open-database.js';
import { configuredPluginPackages } from '../manager/configured-plugins.js';
import { NeutronManager } from '../manager/neutron-manager.js';
import type { PluginSource } from '../plugin-source.js';

/** Where a server process gets its configuration and plugins from; read again on SIGHUP. */
export interface EnvironmentSource {
  loadConfig(): Promise<{ config: Config; logger: Logger }>;
  plugins: PluginSource;
}

/**
 * What one server runs with: its configuration, its own database engine
 * and its own NeutronManager. Every process (master and each worker) loads
 * its own; a reload loads a new one beside the running one; a test process
 * may hold several.
 */
export class ServerEnvironment {
  private constructor(
    readonly config: Config,
    readonly logger: Logger,
    readonly database: Database,
    readonly manager: NeutronManager,
    readonly plugins: PluginSource,
  ) {}

  /**
   * Loads the configuration, opens the database, brings its schema to where
   * `schema` says, and loads the plugins into a NeutronManager of its own.
   * `check` refuses a database behind the installed packages' migrations
   * (DatabaseNotCurrentError) before any plugin touches it, except the
   * embedded default database (no `[database] connection` configured), which
   * is upgraded so that `npx net-server start` works on a fresh folder;
   * `upgrade` applies every installed package's migrations (testkit's fresh
   * databases); left out, the schema is not looked at (a forked child, whose
   * master checked it).
   */
  static async load(source: EnvironmentSource, options: { schema?: SchemaPolicy } = {}): Promise<ServerEnvironment> {
    const { config, logger } = await source.loadConfig();
    const database = openDatabase(config, logger);
    try {
      if (options.schema) await prepareSchema(options.schema, config, logger, database, source.plugins);
      const manager = await NeutronManager.load({ config, logger, plugins: source.plugins, database });
      return new ServerEnvironment(config, logger, database, manager, source.plugins);
    } catch (error) {
      await database.close();
      throw error;
    }
  }

  /** Closes the plugins (last loaded first), then the database; a plugin that fails to close is logged, not fatal. */
  async close(): Promise<void> {
    for (const plugin of [...this.manager.getUniquePlugins()].reverse()) {
      try {
        await plugin.close?.();
      } catch (error) {
        this.logger.error('a plugin failed to close', { plugin: plugin.constructor.name, error: error instanceof Error ? error.message : String(error) });
      }
    }
    await this.database.close();
  }
}

/** What is done with the database's schema before the plugins load; see `ServerEnvironment.load`. */
export type SchemaPolicy = 'check' | 'upgrade';

async function prepareSchema(policy: SchemaPolicy, config: Config, logger: Logger, database: Database, plugins: PluginSource): Promise<void> {
  const discovery = { required: configuredPluginPackages(config, plugins), logger };
  const origin = config.origin('database', databaseOptions.connection.name);
  const embedded = origin.kind === 'default';
  if (policy === 'upgrade' || embedded) {
    const result = await new Migrator(database, await discoverMigrations(plugins, discovery)).upgrade();
    if (result.applied.length > 0) logger.info(embedded ? 'embedded database upgraded' : 'database upgraded', { applied: result.applied.length });
    return;
  }
  await assertDatabaseCurrent(database, plugins, discovery, {
    database: database.displayUrl,
    configuredIn: describeOrigin(origin),
    upgradeCommand: ['net-server db upgrade', ...config.files.map((file) => `--config-file ${file}`)].join(' '),
  });
}

/** The environment services read when they (re)start; a reload points it at a new one. */
export interface EnvironmentRef {
  current: ServerEnvironment;
}
