import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Background, freePort, run } from './processes.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = join(REPO, 'packages/net-server/dist/bin.js');
/** What the application folder holds, as a user's `npm install` would: workspace package -> folder. */
const PACKAGES: Record<string, string> = {
  'net-server': 'packages/net-server',
  '@net-server/ml2': 'packages/ml2',
  '@net-server/l3': 'packages/l3',
  '@net-server/rpc-rabbit': 'packages/rpc-rabbit',
};
/** The local PostgreSQL (trust) and MariaDB (.ci/run's test account, which may create and drop databases named ns_test_*). */
const POSTGRES = { host: '127.0.0.1', port: '5432', user: 'postgres' };
const MARIADB = { host: '127.0.0.1', port: '3306', user: 'net_server_test', password: 'net_server_test' };

export type ClusterDatabase = 'postgres' | 'mariadb';

/** How the run's database, vhost and temp folder names start; the owning test process's pid follows. */
export const LEFTOVER_PREFIX = { database: 'ns_test_e2e_multi_', vhost: 'ns-e2e-multi-', dir: 'ns-e2e-multi-' } as const;

/** One `net-server start` of the cluster: its own host name, port, configuration file and log. */
export class ClusterServer {
  process: Background | undefined;

  constructor(
    readonly host: string,
    readonly port: number,
    readonly confFile: string,
    readonly logFile: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.process?.running === true;
  }

  /** Its log so far (the file named by log_file). */
  log(): string {
    return existsSync(this.logFile) ? readFileSync(this.logFile, 'utf8') : '';
  }

  /** A signal to the server's whole process group (SIGSTOP, SIGKILL...). */
  signal(signal: NodeJS.Signals): void {
    const pid = this.process?.child.pid;
    if (pid !== undefined && this.running) process.kill(-pid, signal);
  }
}

export interface ClusterOptions {
  /** Temp folder of the run: the application folder, HOME, logs and state go under it. */
  dir: string;
  /** How many `net-server start` processes. */
  servers: number;
  /** Lines added to every server's [DEFAULT] section. */
  defaults: string[];
  /** Where the servers' one database is created. */
  database: ClusterDatabase;
}

/**
 * Several `net-server start` processes (the built packages, ML2 and the
 * router plugin, one process each) with different `host` names and ports,
 * on one PostgreSQL or MariaDB database and one RabbitMQ vhost that the
 * cluster creates and `destroy()` drops, each with its own configuration file.
 */
export class ServerCluster {
  // Named for this process, so that a later run can tell them from a live run's and remove them (leftovers.ts).
  readonly database = `${LEFTOVER_PREFIX.database}${process.pid}_${randomBytes(5).toString('hex')}`;
  readonly vhost = `${LEFTOVER_PREFIX.vhost}${process.pid}-${randomBytes(5).toString('hex')}`;
  readonly transportUrl = `rabbit://guest:guest@127.0.0.1:5672/${this.vhost}`;
  readonly servers: ClusterServer[] = [];
  readonly #appDir: string;
  #databaseCreated = false;
  #vhostCreated = false;

  constructor(readonly options: ClusterOptions) {
    this.#appDir = join(options.dir, 'app');
    // A test run that dies without its afterAll must not leave servers behind.
    process.once('exit', () => {
      for (const server of this.servers) server.signal('SIGKILL');
    });
  }

  get databaseUrl(): string {
    if (this.options.database === 'mariadb') return `mysql+pymysql://${MARIADB.user}:${MARIADB.password}@${MARIADB.host}:${MARIADB.port}/${this.database}`;
    return `postgresql://${POSTGRES.user}@${POSTGRES.host}:${POSTGRES.port}/${this.database}`;
  }

  private get env(): NodeJS.ProcessEnv {
    return { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: this.options.dir, NODE_PATH: '', LANG: 'C.UTF-8' };
  }

  /** The database, the vhost, the application folder, the configuration files and `db upgrade`; no server runs yet. */
  async prepare(): Promise<void> {
    if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npx --yes pnpm@10.34.9 build\` at the repository root first`);
    await onDatabaseServer(this.options.database, `create database ${this.database}`);
    this.#databaseCreated = true;
    await rabbitmqctl('add_vhost', this.vhost);
    this.#vhostCreated = true;
    await rabbitmqctl('set_permissions', '-p', this.vhost, 'guest', '.*', '.*', '.*');
    mkdirSync(this.#appDir, { recursive: true });
    writeFileSync(join(this.#appDir, 'package.json'), JSON.stringify({ name: 'multi-server-e2e-app', version: '1.0.0', private: true }));
    for (const [name, folder] of Object.entries(PACKAGES)) {
      const link = join(this.#appDir, 'node_modules', name);
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(join(REPO, folder), link, 'dir');
    }
    for (let index = 1; index <= this.options.servers; index++) {
      const host = `ns-e2e-server-${index}`;
      const confFile = join(this.options.dir, `${host}.conf`);
      const server = new ClusterServer(host, await freePort(), confFile, join(this.options.dir, `${host}.log`));
      writeFileSync(confFile, this.#configuration(server));
      this.servers.push(server);
    }
    await run(process.execPath, [BIN, 'db', 'upgrade', '--config-file', this.servers[0]!.confFile], { cwd: this.#appDir, env: this.env, timeoutMs: 120_000 });
  }

  #configuration(server: ClusterServer): string {
    return `[DEFAULT]
host = ${server.host}
core_plugin = ml2
service_plugins = router
bind_host = 127.0.0.1
bind_port = ${server.port}
auth_strategy = noauth
transport_url = ${this.transportUrl}
api_workers = 0
rpc_workers = 0
rpc_state_report_workers = 0
state_path = ${join(this.options.dir, `${server.host}-state`)}
log_file = ${server.logFile}
${this.options.defaults.join('\n')}

[database]
connection = ${this.databaseUrl}

[QUOTAS]
quota_port = -1

[ml2]
type_drivers = flat,vxlan
tenant_network_types = vxlan
mechanism_drivers = openvswitch
extension_drivers = port_security

[ml2_type_vxlan]
vni_ranges = 1:4000
`;
  }

  /** Starts the servers not running (all of them at once) and waits until each answers. */
  async start(servers: readonly ClusterServer[] = this.servers): Promise<void> {
    for (const server of servers) {
      if (server.running) continue;
      server.process = new Background(process.execPath, [BIN, 'start', '--config-file', server.confFile], { cwd: this.#appDir, env: this.env });
    }
    await Promise.all(servers.map((server) => waitUntilServing(server)));
  }

  /** Stops every server, then drops the database and deletes the vhost; safe to call after any failure. */
  async destroy(): Promise<void> {
    await Promise.all(this.servers.map((server) => server.process?.stop(10_000)));
    const failures: string[] = [];
    if (this.#vhostCreated) await rabbitmqctl('delete_vhost', this.vhost).catch((error: unknown) => failures.push(String(error)));
    if (this.#databaseCreated) {
      const drop = this.options.database === 'mariadb' ? `drop database if exists ${this.database}` : `drop database if exists ${this.database} with (force)`;
      await onDatabaseServer(this.options.database, drop).catch((error: unknown) => failures.push(String(error)));
    }
    if (failures.length > 0) throw new Error(`cleaning up the cluster failed:\n${failures.join('\n')}`);
  }
}

async function waitUntilServing(server: ClusterServer): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (!server.running)
      throw new Error(`${server.host} exited (${String(server.process?.child.exitCode)}):\n${server.process?.output ?? ''}\n${server.log().slice(-4000)}`);
    const answered = await fetch(`${server.url}/v2.0/networks`, { signal: AbortSignal.timeout(2_000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (answered) return;
    if (Date.now() > deadline) throw new Error(`${server.host} did not answer on ${server.url} within 60 s:\n${server.log().slice(-4000)}`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

/** One statement on the database server, through its command-line client; its rows, one a line, unaligned. */
export async function onDatabaseServer(database: ClusterDatabase, statement: string): Promise<string> {
  if (database === 'mariadb') {
    return (
      await run('mysql', ['-h', MARIADB.host, '-P', MARIADB.port, '-u', MARIADB.user, `-p${MARIADB.password}`, '-N', '-s', '-e', statement], {
        cwd: '/',
        timeoutMs: 60_000,
      })
    ).stdout;
  }
  const args = ['-h', POSTGRES.host, '-p', POSTGRES.port, '-U', POSTGRES.user, '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-A', '-t', '-c', statement];
  return (await run('psql', args, { cwd: '/', timeoutMs: 60_000 })).stdout;
}

/** rabbitmqctl with a bound run time; its output. */
export async function rabbitmqctl(...args: string[]): Promise<string> {
  return (await run('rabbitmqctl', ['-q', ...args], { cwd: '/', timeoutMs: 60_000 })).stdout;
}
