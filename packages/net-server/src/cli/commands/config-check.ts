import { discoverMigrations } from '../../db/migration-discovery.js';
import { Migrator } from '../../db/migrator.js';
import { configuredPluginPackages } from '../../manager/configured-plugins.js';
import { CORE } from '../../manager/plugin-directory.js';
import { describeLoadedPlugin, loadedPlugins } from '../../manager/plugin-packages.js';
import { ServerEnvironment } from '../../service/server-environment.js';
import type { CliIo } from '../cli-io.js';
import type { Command, Invocation } from '../command.js';
import { loadCommandConfig, pluginSource } from '../command-context.js';
import { CONFIG_HELP } from '../config-help.js';
import { ExitCode } from '../exit-codes.js';

export const configCheckCommand: Command = {
  name: 'config check',
  summary: 'Validate the configuration and load the plugins it names, without serving',
  usesConfig: true,
  maxPositionals: 0,
  flags: {},
  help: `Usage: net-server config check [configuration options]

Do everything \`net-server start\` does before it serves, and stop there:
read the configuration files, check every option's value, load the core
plugin and the service plugins with their drivers (which check their own
options, such as [ml2] type_drivers or vni_ranges), and reach the database.
Then print what was found: the files read, the plugins loaded and whether the
database is up to date. Options in the files that no installed package knows
are warned about (with the closest known name) and ignored, as neutron-server
ignores them; they are not errors, since neutron.conf holds options of other
services too. No worker is started and no port is opened.

${CONFIG_HELP}

Exit status: 0 when the configuration is valid (pending migrations are
reported, not an error: \`net-server db check\` exits 3 for them), 1 when a
plugin fails for another reason or the database cannot be reached, 2 when the
configuration is wrong: a bad value, an unknown plugin or driver, a mistyped
flag (each named with where it was set).`,
  async run(invocation: Invocation, io: CliIo) {
    const plugins = pluginSource(io);
    const environment = await ServerEnvironment.load({ loadConfig: () => loadCommandConfig(invocation, io), plugins });
    try {
      const { config, manager, database, logger } = environment;
      const migrations = await discoverMigrations(plugins, { required: configuredPluginPackages(config, plugins), logger });
      const pending = (await new Migrator(database, migrations).state()).reduce((sum, state) => sum + state.pending.length, 0);
      const reports = loadedPlugins(manager, plugins);
      const core = reports.filter((report) => report.serviceTypes.includes(CORE)).map(describeLoadedPlugin);
      const services = reports.filter((report) => !report.serviceTypes.includes(CORE)).map(describeLoadedPlugin);
      io.stdout(
        [
          'The configuration is valid.',
          `  files read:      ${config.files.length > 0 ? config.files.join(', ') : 'none: embedded defaults'}`,
          `  core plugin:     ${core.join(', ')}`,
          `  service plugins: ${services.length > 0 ? services.join(', ') : 'none'}`,
          `  database:        ${database.displayUrl}, reachable, ${
            pending === 0 ? 'up to date' : `${pending} migration(s) pending: run \`net-server db upgrade\``
          }`,
        ].join('\n') + '\n',
      );
      return ExitCode.ok;
    } finally {
      await environment.close();
    }
  },
};
