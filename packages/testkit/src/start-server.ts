import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { createLogger, type Logger, type RpcServerLike } from '@net-server/lib';
import {
  createApiServer,
  discoverMigrations,
  loadConfig,
  Migrator,
  NeutronManager,
  openDatabase,
  serviceOptions,
  type ApiServer,
  type Config,
  type Database,
  type PluginSource,
} from 'net-server';
import { ApiClient } from './api-client.js';
import { TestkitError } from './errors.js';
import { linkPackages } from './plugin-app.js';
import { tempMysql, tempPostgres, tempSqlite, type TempDatabase } from './temp-database.js';
import { testTransportUrl } from './test-transport.js';

export type OptionValue = string | number | boolean | readonly string[];

export interface StartServerOptions {
  /**
   * The application directory whose installed packages (its node_modules
   * chain, and its own package.json: the plugin under test) provide the
   * plugins. Default: the working directory.
   */
  root?: string;
  /**
   * Run in a new, empty application with only net-server installed (in
   * place of `root`): plugins come from net-server itself and `packages`,
   * nothing that is installed around the test. For "not installed, not
   * loaded" tests.
   */
  bare?: boolean;
  /** Directories of plugin packages to use as if installed (e.g. a sibling package under development). */
  packages?: readonly string[];
  /** `core_plugin`: an entry-point alias or a `module:export` spec. Default `net-server:DbBasePlugin`. */
  corePlugin?: string;
  /** `service_plugins`, aliases or specs. */
  servicePlugins?: readonly string[];
  /** More options, by section: `{ ml2: { mechanism_drivers: ['logger'] } }`. */
  config?: Readonly<Record<string, Readonly<Record<string, OptionValue>>>>;
  /**
   * A PostgreSQL URL (`postgresql://postgres@127.0.0.1/postgres`): the server
   * gets a new database on that PostgreSQL server, dropped on stop. Default: a
   * temporary SQLite file.
   */
  postgresUrl?: string;
  /**
   * A MySQL or MariaDB URL (`mysql+pymysql://user:password@127.0.0.1:3306/information_schema`)
   * whose account may create databases: the server gets a new database on
   * that server, dropped on stop. The URL's own database is only connected
   * to (any account may use `information_schema`).
   */
  mysqlUrl?: string;
  /** Start the plugins' RPC listeners (agent callbacks) on the server's transport. Default false. */
  rpc?: boolean;
  /** Default: warnings and errors on stderr. */
  logger?: Logger;
}

/** A running server; `stop()` it (e.g. in `afterAll`). */
export interface TestServer {
  /** Root URL, e.g. `http://127.0.0.1:41234`; the API is under `/v2.0`. */
  readonly url: string;
  /** A client acting as an admin of `testkit-project`; `client.as(...)` for others. */
  readonly client: ApiClient;
  /** The server's `memory://` transport URL: `testTransport(server.transportUrl)` talks to its RPC servers. */
  readonly transportUrl: string;
  readonly manager: NeutronManager;
  /** The REST API: its model of what is served and its policy engine. */
  readonly api: ApiServer;
  readonly config: Config;
  readonly database: Database;
  /** Its `[database] connection` (a temporary SQLite file or PostgreSQL database). */
  readonly databaseUrl: string;
  /** The temporary directory holding the configuration file and the SQLite database. */
  readonly dir: string;
  stop(): Promise<void>;
}

let running = false;

/** An application folder under `dir` whose only installed package is the net-server this testkit runs. */
function bareApplication(dir: string): string {
  const app = join(dir, 'app');
  mkdirSync(join(app, 'node_modules'), { recursive: true });
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'testkit-bare-application', private: true }));
  const netServer = dirname(createRequire(import.meta.url).resolve('net-server/package.json'));
  symlinkSync(netServer, join(app, 'node_modules', 'net-server'), 'dir');
  return app;
}

function iniValue(value: OptionValue): string {
  return Array.isArray(value) ? value.join(',') : String(value);
}

function configText(options: StartServerOptions, databaseUrl: string, transportUrl: string, dir: string): string {
  const sections = new Map<string, Record<string, OptionValue>>();
  sections.set('DEFAULT', {
    core_plugin: options.corePlugin ?? 'net-server:DbBasePlugin',
    service_plugins: options.servicePlugins ?? [],
    bind_host: '127.0.0.1',
    state_path: dir,
    auth_strategy: 'noauth',
    transport_url: transportUrl,
  });
  sections.set('database', { connection: databaseUrl });
  for (const [section, values] of Object.entries(options.config ?? {})) {
    sections.set(section, { ...sections.get(section), ...values });
  }
  return [...sections]
    .map(([section, values]) => [`[${section}]`, ...Object.entries(values).map(([key, value]) => `${key} = ${iniValue(value)}`)].join('\n'))
    .join('\n\n');
}

/**
 * Where the server finds plugins: the application root (or a bare one),
 * plus the packages to link, put on NODE_PATH until the cleanup (plugins
 * that discover their own drivers, such as ML2, search from the working
 * directory and NODE_PATH, not from the manager's source).
 */
function pluginSource(options: StartServerOptions, dir: string, cleanups: (() => Promise<void> | void)[]): PluginSource & { root: string } {
  const plugins: PluginSource & { root: string } = { root: options.bare === true ? bareApplication(dir) : resolve(options.root ?? process.cwd()) };
  if (options.packages && options.packages.length > 0) {
    const modules = linkPackages(dir, options.packages);
    plugins.paths = [modules];
    const previous = process.env['NODE_PATH'];
    process.env['NODE_PATH'] = previous ? `${modules}${delimiter}${previous}` : modules;
    cleanups.push(() => {
      if (previous === undefined) delete process.env['NODE_PATH'];
      else process.env['NODE_PATH'] = previous;
    });
  }
  return plugins;
}

/** Starts the plugins' RPC servers into `servers`, as the server's RPC workers (and report workers, when configured) do. */
async function startRpcServers(manager: NeutronManager, config: Config, servers: RpcServerLike[]): Promise<void> {
  for (const plugin of manager.directory.uniquePlugins) {
    if (plugin.startRpcListeners) servers.push(...(await plugin.startRpcListeners()));
  }
  // As the server plans its workers: state reports have their own listener only with report workers.
  const core = manager.corePlugin;
  if (config.get('DEFAULT', serviceOptions.rpcStateReportWorkers) > 0 && core.startRpcStateReportsListener) {
    servers.push(...(await core.startRpcStateReportsListener()));
  }
}

/**
 * Runs net-server in this process as `net-server start` does with one
 * process (the REST API on a free port of 127.0.0.1, noauth, its own
 * `memory://` bus), after migrating a new database with every installed
 * package's migrations. One server at a time per process: the
 * NeutronManager is a per-process singleton.
 */
export async function startServer(options: StartServerOptions = {}): Promise<TestServer> {
  if (running) {
    throw new TestkitError('TESTKIT_SERVER_RUNNING', 'a test server is already running in this process: stop() it before starting another.');
  }
  running = true;
  const cleanups: (() => Promise<void> | void)[] = [];
  const cleanUp = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    running = false;
  };
  try {
    const dir = mkdtempSync(join(tmpdir(), 'net-server-testkit-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const plugins = pluginSource(options, dir, cleanups);
    const root = plugins.root;
    const cwd = process.cwd();
    process.chdir(root);
    cleanups.push(() => process.chdir(cwd));

    const temp: TempDatabase = options.postgresUrl
      ? await tempPostgres(options.postgresUrl)
      : options.mysqlUrl
        ? await tempMysql(options.mysqlUrl)
        : tempSqlite(dir);
    cleanups.push(() => temp.drop());
    const transportUrl = testTransportUrl();
    const configFile = join(dir, 'net-server.conf');
    writeFileSync(configFile, configText(options, temp.url, transportUrl, dir));
    const logger = options.logger ?? createLogger({ level: 'warn' });
    const config = await loadConfig({ configFiles: [configFile], plugins, env: {}, logger });

    const database = openDatabase(config, logger);
    cleanups.push(() => database.close());
    await new Migrator(database, await discoverMigrations(plugins)).upgrade();

    NeutronManager.clearInstance();
    const manager = await NeutronManager.load({ config, logger, plugins, database });
    cleanups.push(() => NeutronManager.clearInstance());
    // As the server stops: plugins close (last loaded first) after their RPC servers.
    cleanups.push(async () => {
      for (const plugin of [...manager.getUniquePlugins()].reverse()) await plugin.close?.();
    });

    const rpcServers: RpcServerLike[] = [];
    cleanups.push(async () => {
      for (const server of rpcServers) await server.stop();
    });
    if (options.rpc) await startRpcServers(manager, config, rpcServers);

    const api: ApiServer = await createApiServer({ manager, config, logger, plugins });
    const address = await api.listen({ host: '127.0.0.1', port: 0 });
    cleanups.push(() => api.close());
    const url = `http://127.0.0.1:${address.port}`;
    return {
      url,
      client: new ApiClient(url),
      transportUrl,
      manager,
      api,
      config,
      database,
      databaseUrl: temp.url,
      dir,
      stop: cleanUp,
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
