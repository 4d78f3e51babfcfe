import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createVhost } from '../../agents-e2e/src/broker.js';
import { Cleanup } from '../../agents-e2e/src/cleanup.js';
import { tail } from '../../agents-e2e/src/logs.js';
import { Background, Fatal, freePort, run, SYSTEM_PATH, waitFor } from '../../agents-e2e/src/proc.js';
import { createMariadbDatabase, dropMariadbDatabase, dropMariadbDatabaseSync, mariadbUrl } from './mariadb.js';
import { createDatabase, databaseUrl, dropDatabase, dropDatabaseSync } from './postgres.js';
import { RunDir, sweepStaleRuns } from './rundir.js';
import { PUBLIC_PHYSNET, VLAN_PHYSNET, VLAN_RANGE } from './server.js';

/** Debian's packages a NeutronServer runs: the server (Zed) and the PostgreSQL driver its SQLAlchemy uses. */
export const NEUTRON_PACKAGES = ['neutron-server', 'python3-psycopg2'];

/** The paste pipeline Debian ships outside /etc/neutron: copied into the run's folder (its one /etc/neutron path rewritten). */
const API_PASTE = '/usr/share/neutron-common/api-paste.ini';

export interface NeutronServerOptions {
  log?: (line: string) => void;
  /** neutron-server's log; default: logs/neutron-server.log in its temp folder (removed by `destroy`). */
  logFile?: string;
  /**
   * `auth_strategy = keystone` against this Keystone (the fields of
   * ServerOptions' keystone, as ConformanceEnvironment gives net-server);
   * `noauth` when unset.
   */
  keystone?: { url: string; username: string; password: string; projectName: string };
  /** Extra neutron.conf settings (section -> option -> value), applied over the defaults. */
  settings?: Record<string, Record<string, string>>;
  /** Where neutron's database is: PostgreSQL (default) or the local MariaDB (as the test account, see mariadb.ts). */
  database?: 'postgresql' | 'mariadb';
  /** Seconds to wait for GET /v2.0/networks to answer (default 180: neutron-server loads slowly on 2 busy cores). */
  startTimeoutSeconds?: number;
}

/**
 * A real Debian neutron-server (Zed, `/usr/bin/neutron-server`) for tests
 * and scripts, configured as ConformanceEnvironment configures net-server:
 * ML2 (openvswitch and linuxbridge, flat/vlan/vxlan, port_security and qos
 * extension drivers), service plugins router, segments, qos, tag,
 * network_ip_availability and metering, on
 *
 * - a temp folder of its own (/tmp/conformance-<pid>-*, with the ledger
 *   rundir.ts keeps, so that a later run removes what a killed one left)
 *   holding neutron.conf, api-paste.ini and an empty policy: it is started
 *   with `--config-file` and `--config-dir` of that folder only, and HOME
 *   there, so nothing under /etc/neutron or the real home is read;
 * - a PostgreSQL (or MariaDB) database of its own (`neutron-db-manage upgrade heads`);
 * - a RabbitMQ vhost of its own;
 * - a free port on 127.0.0.1.
 *
 * `NeutronServer.start()` resolves once GET /v2.0/networks answers;
 * `stop()` stops the process and keeps the database (e.g. to import it),
 * `destroy()` removes everything.
 */
export class NeutronServer {
  readonly cleanup = new Cleanup();
  readonly runDir: RunDir;
  readonly database: string;
  readonly vhost = `conformance-neutron-${process.pid}-${randomBytes(3).toString('hex')}`;
  readonly confFile: string;
  readonly configDir: string;
  readonly logFile: string;
  port = 0;
  process?: Background;
  private readonly log: (line: string) => void;

  private constructor(readonly options: NeutronServerOptions) {
    this.log = options.log ?? (() => undefined);
    const suffix = `${process.pid}_${randomBytes(3).toString('hex')}`;
    this.database = options.database === 'mariadb' ? `ns_test_neutron_${suffix}` : `conformance_neutron_${suffix}`;
    for (const dir of sweepStaleRuns()) this.log(`removed what an earlier run left: ${dir}`);
    this.runDir = new RunDir(this.cleanup);
    this.confFile = join(this.runDir.dir, 'neutron.conf');
    this.configDir = join(this.runDir.dir, 'neutron.conf.d');
    this.logFile = options.logFile ?? join(this.runDir.logDir, 'neutron-server.log');
  }

  /** Sets everything up and starts the server; on failure, what was made is removed before the error is thrown. */
  static async start(options: NeutronServerOptions = {}): Promise<NeutronServer> {
    const server = new NeutronServer(options);
    try {
      await server.setUp();
      await server.launch();
    } catch (error) {
      await server.destroy();
      throw error;
    }
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The database as a `[database] connection` URL (the form neutron.conf and `net-server db import-neutron --from` take). */
  get databaseUrl(): string {
    return this.onMariadb ? mariadbUrl(this.database) : databaseUrl(this.database);
  }

  private get onMariadb(): boolean {
    return this.options.database === 'mariadb';
  }

  /** In the server's command line: what tells its processes from others (the ledger's marker). */
  get marker(): string {
    return this.confFile;
  }

  private get env(): NodeJS.ProcessEnv {
    return { PATH: SYSTEM_PATH, HOME: this.runDir.dir, LANG: 'C.UTF-8' };
  }

  /** The arguments every neutron command gets: our files only (an empty --config-dir replaces oslo.config's default /etc/neutron/*.conf.d). */
  private get configArgs(): string[] {
    return ['--config-file', this.confFile, '--config-dir', this.configDir];
  }

  private async setUp(): Promise<void> {
    const name = this.database;
    this.runDir.record(this.onMariadb ? 'mariadb-databases' : 'databases', name);
    await (this.onMariadb ? createMariadbDatabase(name) : createDatabase(name));
    this.cleanup.add(`database ${name}`, () => (this.onMariadb ? dropMariadbDatabaseSync(name) : dropDatabaseSync(name)));
    this.runDir.record('vhosts', this.vhost);
    await createVhost(this.vhost, this.cleanup);
    this.port = await freePort();
    this.writeConfig();
    const started = Date.now();
    await run('neutron-db-manage', [...this.configArgs, 'upgrade', 'heads'], { cwd: this.runDir.dir, env: this.env, timeoutMs: 600_000 });
    this.log(`neutron-db-manage upgrade heads: ${((Date.now() - started) / 1000).toFixed(1)} s (database ${this.database})`);
  }

  /** The configuration, section by section, before the extra settings. */
  private sections(): Record<string, Record<string, string>> {
    const dir = this.runDir.dir;
    const sections: Record<string, Record<string, string>> = {
      DEFAULT: {
        core_plugin: 'ml2',
        service_plugins: 'router,segments,qos,tag,network_ip_availability,metering',
        bind_host: '127.0.0.1',
        bind_port: String(this.port),
        auth_strategy: this.options.keystone ? 'keystone' : 'noauth',
        transport_url: `rabbit://guest:guest@127.0.0.1:5672/${this.vhost}`,
        state_path: join(dir, 'state'),
        api_paste_config: join(dir, 'api-paste.ini'),
        allow_overlapping_ips: 'true',
        // One API and one RPC worker: the machine is small and shared.
        api_workers: '1',
        rpc_workers: '1',
        rpc_state_report_workers: '1',
        notify_nova_on_port_status_changes: 'false',
        notify_nova_on_port_data_changes: 'false',
        use_stderr: 'true',
        debug: 'false',
      },
      database: { connection: this.onMariadb ? this.databaseUrl : databaseUrl(this.database, 'postgresql+psycopg2') },
      ml2: {
        type_drivers: 'flat,vlan,vxlan',
        tenant_network_types: 'vxlan',
        mechanism_drivers: 'openvswitch,linuxbridge',
        // net-server's ML2 serves ports' numa_affinity_policy and device_profile always; neutron with these two drivers.
        extension_drivers: 'port_security,qos,port_numa_affinity_policy,port_device_profile',
      },
      ml2_type_flat: { flat_networks: PUBLIC_PHYSNET },
      ml2_type_vlan: { network_vlan_ranges: `${VLAN_PHYSNET}:${VLAN_RANGE}` },
      ml2_type_vxlan: { vni_ranges: '1:10000' },
      // Zed refuses to load the linuxbridge mechanism driver without it.
      experimental: { linuxbridge: 'true' },
      oslo_concurrency: { lock_path: join(dir, 'lock') },
      oslo_policy: { policy_file: join(dir, 'policy.yaml'), policy_dirs: join(dir, 'policy.d') },
      oslo_messaging_notifications: { driver: 'noop' },
    };
    const { keystone } = this.options;
    if (keystone) {
      sections['keystone_authtoken'] = {
        www_authenticate_uri: `${keystone.url}/v3`,
        auth_url: keystone.url,
        auth_type: 'password',
        username: keystone.username,
        password: keystone.password,
        project_name: keystone.projectName,
        user_domain_name: 'Default',
        project_domain_name: 'Default',
      };
    }
    for (const [section, options] of Object.entries(this.options.settings ?? {})) sections[section] = { ...sections[section], ...options };
    return sections;
  }

  private writeConfig(): void {
    const dir = this.runDir.dir;
    for (const folder of [this.configDir, join(dir, 'policy.d'), join(dir, 'state'), join(dir, 'lock')]) mkdirSync(folder, { recursive: true });
    // An empty policy file of our own: neutron's defaults apply, not a file under /etc/neutron.
    writeFileSync(join(dir, 'policy.yaml'), '{}\n');
    writeFileSync(join(dir, 'api-paste.ini'), readFileSync(API_PASTE, 'utf8').replaceAll('/etc/neutron/', `${dir}/`));
    const text = Object.entries(this.sections())
      .map(
        ([section, options]) =>
          `[${section}]\n${Object.entries(options)
            .map(([key, value]) => `${key} = ${value}`)
            .join('\n')}\n`,
      )
      .join('\n');
    writeFileSync(this.confFile, text, { mode: 0o600 });
  }

  /** Starts neutron-server in a process group of its own and waits until GET /v2.0/networks answers (401 counts with Keystone: it is up). */
  private async launch(): Promise<void> {
    const server = new Background('neutron-server', '/usr/bin/neutron-server', this.configArgs, this.logFile, { cwd: this.runDir.dir, env: this.env });
    this.process = server;
    if (server.pid !== undefined) this.runDir.record('groups', `${server.pid} ${this.marker}`);
    this.cleanup.add('neutron-server', () => server.killNow());
    const started = Date.now();
    await waitFor(
      async () => {
        if (!server.running) throw new Fatal(`neutron-server exited (${String(server.child.exitCode)}); ${this.logFile} ends:\n${tail(this.logFile, 25)}`);
        const response = await fetch(`${this.url}/v2.0/networks`, { headers: { 'x-project-id': 'probe' }, signal: AbortSignal.timeout(10_000) });
        await response.arrayBuffer();
        return response.status === 200 || (this.options.keystone && response.status === 401) ? true : undefined;
      },
      (this.options.startTimeoutSeconds ?? 180) * 1000,
      () => `neutron-server did not answer on ${this.url}; ${this.logFile} ends:\n${tail(this.logFile, 25)}`,
      500,
    );
    this.log(`neutron-server ready at ${this.url} in ${((Date.now() - started) / 1000).toFixed(1)} s (log ${this.logFile})`);
  }

  /** Stops the server (SIGTERM to its group, SIGKILL after 15 s); the database stays until `destroy`. */
  async stop(): Promise<void> {
    await this.process?.stop(15_000);
  }

  /** Stops the server, drops its database and vhost, removes its folder. */
  async destroy(): Promise<void> {
    try {
      await this.stop();
      await (this.onMariadb ? dropMariadbDatabase(this.database) : dropDatabase(this.database));
    } finally {
      this.cleanup.runAll();
      if (this.cleanup.failures.length) this.log(`cleanup problems:\n${this.cleanup.failures.join('\n')}`);
    }
  }
}
