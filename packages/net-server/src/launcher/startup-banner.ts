import { maskTransportUrl } from '@net-server/rpc';
import { coreOptions, messagingOptions } from '../config/server-options.js';
import type { SqliteDriver } from '../db/sqlite-driver.js';
import { CORE } from '../manager/plugin-directory.js';
import { describeLoadedPlugin, loadedPlugins } from '../manager/plugin-packages.js';
import { ownPackageVersion } from '../own-package.js';
import type { WorkerPlan } from '../service/all-workers.js';
import type { ServerEnvironment } from '../service/server-environment.js';
import type { WorkerCounts } from '../service/worker-counts.js';

/** The API's URL from bind_host and bind_port, an IPv6 address in brackets. */
export function apiUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
}

/** Which SQLite driver the embedded database runs on: `auto` chooses it per machine. */
function sqliteDriverNote(driver: SqliteDriver | undefined): string {
  return driver === undefined ? '' : ` (${driver.name} ${driver.version}, SQLite ${driver.sqliteVersion})`;
}

/**
 * What the master of `net-server start` tells first, once its plugins are
 * loaded: the version, every configuration file read, the database (and
 * its SQLite driver) and the transport (passwords masked), the API's URL,
 * the worker counts and where each service runs, and the core and service
 * plugins with the package and version each came from. One line each, so that each reads whole in a
 * terminal and greps in a file.
 */
export function startupBanner(environment: ServerEnvironment, counts: WorkerCounts, plan: WorkerPlan): string[] {
  const { config, database, manager, plugins } = environment;
  const reports = loadedPlugins(manager, plugins);
  const core = reports.filter((report) => report.serviceTypes.includes(CORE));
  const services = reports.filter((report) => !report.serviceTypes.includes(CORE));
  const forked = plan.forked.map((service) => `${service.worker.name} x${service.processes}`);
  const inMaster = plan.inProcess.map((worker) => worker.name);
  return [
    `net-server ${ownPackageVersion()} starting (Node.js ${process.version})`,
    `configuration files: ${config.files.length > 0 ? config.files.join(', ') : 'none (defaults, environment and command line only)'}`,
    `database: ${database.displayUrl}${sqliteDriverNote(database.sqliteDriver)}`,
    `transport: ${maskTransportUrl(config.get('DEFAULT', messagingOptions.transportUrl))}`,
    `API: ${apiUrl(config.get('DEFAULT', coreOptions.bindHost), config.get('DEFAULT', coreOptions.bindPort))}`,
    `workers: api_workers=${counts.api} rpc_workers=${counts.rpc} rpc_state_report_workers=${counts.rpcStateReport}; ` +
      `forked: ${forked.length > 0 ? forked.join(', ') : 'none'}; in the master: ${inMaster.length > 0 ? inMaster.join(', ') : 'none'}`,
    `core plugin: ${core.map(describeLoadedPlugin).join(', ')}`,
    `service plugins: ${services.length > 0 ? services.map(describeLoadedPlugin).join(', ') : 'none'}`,
  ];
}
