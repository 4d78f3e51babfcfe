import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createLogger, type Logger } from '@net-server/lib';
import {
  ApiWorker,
  createApiServer,
  loadConfig,
  NetServer,
  RpcReportsWorker,
  RpcWorker,
  serviceOptions,
  type ApiAppFactory,
  type ApiServer,
  type Config,
  type Database,
  type EnvironmentRef,
  type NeutronManager,
  type PluginSource,
  type WorkerPlan,
} from 'net-server';
import { ApiClient } from './api-client.js';
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
  /** This server's own NeutronManager (each server loads its plugins anew). */
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
    bind_port: 0,
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
 * plus the packages to link, which the plugins that discover drivers of
 * their own (ML2) and their RPC transport search too, through the
 * discovery options the server hands them.
 */
function pluginSource(options: StartServerOptions, dir: string): PluginSource & { root: string } {
  const plugins: PluginSource & { root: string } = { root: options.bare === true ? bareApplication(dir) : resolve(options.root ?? process.cwd()) };
  if (options.packages && options.packages.length > 0) plugins.paths = [linkPackages(dir, options.packages)];
  return plugins;
}

/**
 * What a one-process `net-server start` runs, without the plugins' own
 * workers (periodic tasks a test would not expect): with `rpc`, the
 * plugins' RPC listeners (every plugin's, and the core plugin's state
 * report listener when rpc_state_report_workers > 0), then the API.
 */
function testPlan(environment: EnvironmentRef, apiAppFactory: ApiAppFactory, rpc: boolean): WorkerPlan {
  const { config, logger } = environment.current;
  const inProcess: WorkerPlan['inProcess'] = [];
  if (rpc) {
    inProcess.push(new RpcWorker(() => environment.current.manager.getUniquePlugins(), 0, logger));
    if (config.get('DEFAULT', serviceOptions.rpcStateReportWorkers) > 0) {
      inProcess.push(new RpcReportsWorker(() => [environment.current.manager.corePlugin], 0, logger));
    }
  }
  inProcess.push(new ApiWorker(environment, apiAppFactory, 0));
  return { forked: [], inProcess };
}

/**
 * Runs net-server in this process through the sequence `net-server start`
 * runs (net-server's NetServer: configuration, a database migrated with
 * every installed package's migrations, the plugins, the services), with
 * the REST API on a free port of 127.0.0.1, noauth, and its own
 * `memory://` bus. Each server has its own plugins, database, directory
 * and bus: a process may run several at once.
 */
export async function startServer(options: StartServerOptions = {}): Promise<TestServer> {
  const cleanups: (() => Promise<void> | void)[] = [];
  const cleanUp = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  try {
    const dir = mkdtempSync(join(tmpdir(), 'net-server-testkit-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const plugins = pluginSource(options, dir);

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

    let api: ApiServer | undefined;
    const server = await NetServer.load({
      source: { loadConfig: async () => ({ config: await loadConfig({ configFiles: [configFile], plugins, env: {}, logger }), logger }), plugins },
      schema: 'upgrade',
      apiAppFactory: async (init) => {
        api = await createApiServer(init);
        return { handler: api.handler };
      },
      planner: (environment, apiAppFactory) => testPlan(environment, apiAppFactory, options.rpc === true),
    });
    // Once started, stopping the server closes its services, plugins and database; a failed start has closed them.
    await server.start();
    cleanups.push(async () => {
      await server.stop();
    });
    const { manager, config, database } = server.environment.current;
    const url = `http://127.0.0.1:${server.apiAddress!.port}`;
    return {
      url,
      client: new ApiClient(url),
      transportUrl,
      manager,
      api: api!,
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
