import type { Config } from '../../config/config.js';
import type { Database } from '../../db/database.js';
import { discoverMigrations } from '../../db/migration-discovery.js';
import { configuredPluginPackages } from '../../manager/configured-plugins.js';
import { Migrator } from '../../db/migrator.js';
import { openDatabase } from '../../db/open-database.js';
import type { CliIo } from '../cli-io.js';
import type { Command, Invocation } from '../command.js';
import { loadCommandConfig, pluginSource } from '../command-context.js';
import { CONFIG_HELP } from '../config-help.js';
import { ExitCode } from '../exit-codes.js';

/** Runs `work` with the configured database and the migrations of the installed packages; closes the database after. */
export async function withMigrator<T>(
  invocation: Invocation,
  io: CliIo,
  work: (migrator: Migrator, database: Database, config: Config) => Promise<T>,
): Promise<T> {
  const { config, logger } = await loadCommandConfig(invocation, io);
  const plugins = pluginSource(io);
  const sets = await discoverMigrations(plugins, { required: configuredPluginPackages(config, plugins), logger });
  const database = openDatabase(config, logger);
  try {
    const migrator = new Migrator(database, sets);
    logger.debug('database', { url: database.displayUrl, migrations: migrator.plan.length });
    return await work(migrator, database, config);
  } finally {
    await database.close();
  }
}

export const dbUpgradeCommand: Command = {
  name: 'db upgrade',
  summary: 'Create or upgrade the database schema of every installed package',
  usesConfig: true,
  maxPositionals: 0,
  flags: {},
  help: `Usage: net-server db upgrade [configuration options]

Apply every pending database migration that installed packages contribute
through their net_server.db.migrations entry points, to the database named by
[database] connection (default: SQLite in $state_path/net-server.sqlite,
created if missing). Migrations run in dependency order, each in its own
transaction, and are recorded per package, so running it again does nothing.
Several hosts may run it at the same time: one applies, the others wait.
A package whose migration list cannot be loaded is skipped with a warning
naming it, unless it provides the configured core plugin or a service plugin:
then nothing is applied and the command fails.
Run it after installing or upgrading net-server or any plugin package, before
starting the server.

${CONFIG_HELP}

Exit status: 0 when the database is up to date, 1 when a migration or the
database fails (nothing of a failed migration is kept), 2 on bad usage or
configuration.`,
  async run(invocation, io) {
    return withMigrator(invocation, io, async (migrator, database) => {
      const { applied } = await migrator.upgrade();
      for (const step of applied) io.stdout(`Applied ${step.packageName}: ${step.id}\n`);
      io.stdout(
        applied.length === 0
          ? `Database ${database.displayUrl} is already up to date.\n`
          : `Database ${database.displayUrl} upgraded: ${applied.length} migration(s) applied.\n`,
      );
      return ExitCode.ok;
    });
  },
};

export const dbCurrentCommand: Command = {
  name: 'db current',
  summary: 'Show which migrations of each package the database has',
  usesConfig: true,
  maxPositionals: 0,
  flags: {},
  help: `Usage: net-server db current [configuration options]

Show, for every package that contributes migrations (and every package the
database has migrations of), the last migration applied and how many are
applied and pending. Nothing is changed.

${CONFIG_HELP}

Exit status: 0 when the state was shown (pending migrations are reported, not
an error: \`net-server db upgrade\` applies them), 1 when the database cannot
be read, 2 on bad usage or configuration.`,
  async run(invocation, io) {
    return withMigrator(invocation, io, async (migrator, database) => {
      const states = await migrator.state();
      io.stdout(`Database: ${database.displayUrl}\n`);
      if (states.length === 0) io.stdout('No installed package contributes migrations.\n');
      let pending = 0;
      for (const state of states) {
        pending += state.pending.length;
        const current = state.current ?? (state.applied.length > 0 ? state.applied.at(-1) : '(none)');
        const note = state.installed ? '' : ' [package not installed]';
        io.stdout(`${state.packageName}: ${current} (${state.applied.length} applied, ${state.pending.length} pending)${note}\n`);
        for (const id of state.pending) io.stdout(`  pending: ${id}\n`);
      }
      io.stdout(pending === 0 ? 'The database is up to date.\n' : `${pending} migration(s) pending: run \`net-server db upgrade\` to apply them.\n`);
      return ExitCode.ok;
    });
  },
};

export const dbHistoryCommand: Command = {
  name: 'db history',
  summary: 'List every migration in the order upgrade applies them, with when each was applied',
  usesConfig: true,
  maxPositionals: 0,
  flags: {},
  help: `Usage: net-server db history [configuration options]

List the migrations of every installed package in the order \`net-server db
upgrade\` applies them (each package's own order, and every migration after
those it names), each with the time it was applied or "pending"; then the
migrations the database records of packages no longer installed. Nothing is
changed.

${CONFIG_HELP}

Exit status: 0 when the history was shown, 1 when the database cannot be
read, 2 on bad usage or configuration.`,
  async run(invocation, io) {
    return withMigrator(invocation, io, async (migrator, database) => {
      const applied = await migrator.appliedMigrations();
      const when = new Map(applied.map((row) => [`${row.packageName}\u0000${row.id}`, row.appliedAt]));
      io.stdout(`Database: ${database.displayUrl}\n`);
      const width = Math.max(0, ...migrator.plan.map((step) => step.packageName.length + step.migration.id.length + 2));
      for (const step of migrator.plan) {
        const name = `${step.packageName}: ${step.migration.id}`;
        io.stdout(`${name.padEnd(width)}  ${when.get(`${step.packageName}\u0000${step.migration.id}`) ?? 'pending'}\n`);
      }
      const planned = new Set(migrator.plan.map((step) => `${step.packageName}\u0000${step.migration.id}`));
      for (const row of applied.filter((row) => !planned.has(`${row.packageName}\u0000${row.id}`))) {
        io.stdout(`${`${row.packageName}: ${row.id}`.padEnd(width)}  ${row.appliedAt} [package not installed]\n`);
      }
      if (migrator.plan.length === 0 && applied.length === 0) io.stdout('No installed package contributes migrations.\n');
      return ExitCode.ok;
    });
  },
};

export const dbCheckCommand: Command = {
  name: 'db check',
  summary: 'Exit 3 when migrations are pending (for deployment scripts)',
  usesConfig: true,
  maxPositionals: 0,
  flags: {},
  help: `Usage: net-server db check [configuration options]

Check that the database has every migration the installed packages ship, as
\`net-server start\` does before serving, and say so in one line. Deployment
scripts run it to decide whether \`net-server db upgrade\` is needed. Nothing
is changed.

${CONFIG_HELP}

Exit status: 0 when the database is up to date, 3 when migrations are pending
(they are listed), 1 when the database cannot be read, 2 on bad usage or
configuration.`,
  async run(invocation, io) {
    return withMigrator(invocation, io, async (migrator, database) => {
      const pending = (await migrator.state()).flatMap((state) => state.pending.map((id) => `${state.packageName}: ${id}`));
      if (pending.length === 0) {
        io.stdout(`Database ${database.displayUrl} is up to date.\n`);
        return ExitCode.ok;
      }
      io.stdout(`Database ${database.displayUrl} is behind: ${pending.length} migration(s) pending. Run \`net-server db upgrade\`.\n`);
      for (const name of pending) io.stdout(`  pending: ${name}\n`);
      return ExitCode.databaseNotCurrent;
    });
  },
};
