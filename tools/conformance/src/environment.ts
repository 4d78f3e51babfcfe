import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createVhost } from '../../agents-e2e/src/broker.js';
import { Cleanup } from '../../agents-e2e/src/cleanup.js';
import { freePort } from '../../agents-e2e/src/proc.js';
import { HostAgents, type ConformanceAgent } from './agents.js';
import { IdentityClient } from './identity.js';
import { Keystone, KEYSTONE_REGION, KEYSTONE_THREADS, type KeystoneState } from './keystone.js';
import { ensurePackages } from './packages.js';
import { createDatabase, databaseUrl, dropDatabase, dropDatabaseSync } from './postgres.js';
import { RunDir, sweepStaleRuns } from './rundir.js';
import { NeutronServer } from './neutron-server.js';
import { NetServer, NeutronClient, PUBLIC_PHYSNET, VLAN_PHYSNET } from './server.js';
import { TempestWorkspace, type TempestConfig } from './tempest.js';

export interface EnvironmentOptions {
  log?: (line: string) => void;
  /** Keep every log in this folder instead of the run's temp folder (which goes at the end). */
  logDir?: string;
  /**
   * A folder for a Keystone that outlives the run: a Keystone an earlier run
   * kept there is reused, a new one is made there otherwise. Unset: a
   * Keystone of the run's own in its temp folder.
   */
  keystoneHome?: string;
  /** Leave the Keystone (in keystoneHome) running at the end, for the next run. */
  keepKeystone?: boolean;
  keystoneWorkers?: number;
  keystoneThreads?: number;
  /** net-server's database: SQLite in the temp folder, or a PostgreSQL database of the run's own. */
  serverDatabase?: 'sqlite' | 'postgresql';
  /** [keystone_authtoken] token_cache_time (net-server's default when unset). */
  tokenCacheTime?: number;
  /** Extra net-server.conf settings: section -> option -> value. */
  settings?: Record<string, Record<string, string>>;
  /** Install the Debian packages that are missing (default true). */
  installPackages?: boolean;
  /**
   * The server under test: `net-server` (default; the workspace's build) or
   * `neutron`, Debian's neutron-server Zed (neutron-server.ts) with the same
   * ML2 and service plugin configuration, on a PostgreSQL database of its own.
   */
  server?: 'net-server' | 'neutron';
  /** Debian's agents to run beside the server on a host namespace of the run's own (agents.ts); none by default. */
  agents?: readonly ConformanceAgent[];
  /**
   * Create shared default IPv4 and IPv6 subnet pools, as devstack does
   * (USE_SUBNETPOOL): the auto-allocated topology tests skip without one.
   * Off by default, as other tests make default pools of their own.
   */
  defaultSubnetPools?: boolean;
}

/** The external network Tempest takes floating IPs and router gateways from. */
export const PUBLIC_NETWORK = { name: 'public', cidr: '172.24.4.0/24', gateway: '172.24.4.1', pool: { start: '172.24.4.10', end: '172.24.4.250' } };

/** The pools `defaultSubnetPools` makes. */
export const DEFAULT_SUBNET_POOLS = [
  { name: 'shared-default-subnetpool-v4', prefixes: ['10.200.0.0/16'], default_prefixlen: 26 },
  { name: 'shared-default-subnetpool-v6', prefixes: ['fd00:200::/48'], default_prefixlen: 64 },
];

/**
 * A real Keystone and a real `net-server start` registered in it (a region,
 * public/internal/admin endpoints of the `network` service, a service user
 * of its own with roles admin and service in project `service`), on a
 * RabbitMQ vhost of the run's own, with the external network Tempest needs.
 * Everything made is undone by `tearDown` (and, if the process dies first,
 * by the exit handlers and the next run's sweep), except a Keystone kept
 * with `keepKeystone`.
 */
export class ConformanceEnvironment {
  readonly cleanup = new Cleanup();
  readonly runDir: RunDir;
  readonly region = `conformance-${process.pid}-${randomBytes(2).toString('hex')}`;
  readonly timings: Record<string, number> = {};
  readonly log: (line: string) => void;
  keystone!: Keystone;
  /** net-server, when it is the server under test. */
  server?: NetServer;
  /** neutron-server, when it is the server under test. */
  neutron?: NeutronServer;
  admin!: IdentityClient;
  serviceUser!: { name: string; password: string; id: string };
  publicNetworkId!: string;
  /** The agents, when the run has any. */
  hostAgents?: HostAgents;
  /** net-server's RabbitMQ vhost (neutron-server has its own). */
  private vhost?: string;
  /** Keystone state this run added to a Keystone it does not own (a kept one): removed in tearDown. */
  private readonly keystoneEntries: string[] = [];
  private readonly databases: string[] = [];
  private keystoneOwned = false;

  constructor(readonly options: EnvironmentOptions = {}) {
    this.log = options.log ?? (() => undefined);
    for (const dir of sweepStaleRuns()) this.log(`removed what an earlier run left: ${dir}`);
    this.runDir = new RunDir(this.cleanup, options.logDir ? { logDir: options.logDir } : {});
    if (options.logDir) mkdirSync(options.logDir, { recursive: true });
  }

  get logDir(): string {
    return this.runDir.logDir;
  }

  /** The server under test's URL. */
  get serverUrl(): string {
    const url = this.neutron?.url ?? this.server?.url;
    if (url === undefined) throw new Error('the server is not started: call setUp() first');
    return url;
  }

  /** The server under test's log. */
  get serverLogFile(): string {
    return this.neutron?.logFile ?? join(this.logDir, 'net-server.log');
  }

  private async timed<T>(name: string, body: () => Promise<T>): Promise<T> {
    const started = Date.now();
    try {
      return await body();
    } finally {
      this.timings[name] = Math.round((Date.now() - started) / 100) / 10;
    }
  }

  async setUp(): Promise<void> {
    if (this.options.installPackages !== false) await this.timed('packages', () => ensurePackages(this.log));
    await this.timed('keystone', () => this.startKeystone());
    await this.timed('register', () => this.registerServiceUser());
    await this.timed('server', () => (this.options.server === 'neutron' ? this.startNeutron() : this.startServer()));
    await this.timed('endpoints', () => this.registerEndpoints());
    await this.timed('externalNetwork', () => this.createExternalNetwork());
    if (this.options.defaultSubnetPools) await this.timed('defaultSubnetPools', () => this.createDefaultSubnetPools());
    if (this.options.agents?.length) await this.timed('agents', () => this.startAgents(this.options.agents ?? []));
  }

  private async startAgents(kinds: readonly ConformanceAgent[]): Promise<void> {
    const vhost = this.neutron?.vhost ?? this.vhost;
    if (vhost === undefined) throw new Error('the server is not started');
    this.hostAgents = new HostAgents({ kinds, runDir: this.runDir, cleanup: this.cleanup, vhost, log: this.log });
    await this.hostAgents.start(await this.adminApi());
  }

  private async startKeystone(): Promise<void> {
    const home = this.options.keystoneHome;
    if (home) {
      const kept = await Keystone.adopt(home, this.log);
      if (kept) {
        this.log(`reusing the Keystone kept at ${kept.url} (${home})`);
        this.keystone = kept;
        this.keystoneOwned = !this.options.keepKeystone;
        if (this.keystoneOwned) this.ownKeystone(kept, home);
        this.admin = await kept.admin();
        for (const region of await sweepStaleRegions(this.admin)) this.log(`removed region ${region}, left in the kept Keystone by a run that died`);
        return;
      }
      await removeKeystoneHome(home);
    }
    const dir = home ?? join(this.runDir.dir, 'keystone');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // One database name per Keystone folder, so that a kept Keystone's database is found again (and dropped) by its folder alone.
    const database = `conformance_ks_${createHash('sha256').update(dir).digest('hex').slice(0, 12)}`;
    await dropDatabase(database);
    await createDatabase(database);
    if (!this.options.keepKeystone) this.runDir.record('databases', database);
    const keystone = await Keystone.install({
      dir,
      port: await freePort(),
      database,
      workers: this.options.keystoneWorkers ?? 1,
      threads: this.options.keystoneThreads ?? KEYSTONE_THREADS,
      log: this.log,
    });
    this.keystone = keystone;
    this.keystoneOwned = !this.options.keepKeystone;
    if (this.keystoneOwned) this.ownKeystone(keystone, home);
    await keystone.start();
    if (this.keystoneOwned && keystone.state.pgid !== undefined) this.runDir.record('groups', `${keystone.state.pgid} ${keystone.marker}`);
    this.admin = await keystone.admin();
  }

  /** The Keystone goes with this run: killed, its database dropped and (if in keystoneHome) its folder removed, by the cleanup. */
  private ownKeystone(keystone: Keystone, home: string | undefined): void {
    this.cleanup.add('keystone', () => {
      keystone.killNow();
      dropDatabaseSync(keystone.state.database);
      if (home) rmSync(home, { recursive: true, force: true });
    });
  }

  /** The server's service user (roles admin and service in project `service`). */
  private async registerServiceUser(): Promise<void> {
    const serviceProject = await this.admin.ensureProject('service', 'Service users');
    const name = `net-server-${this.region}`;
    const password = randomBytes(12).toString('hex');
    const userId = await this.admin.ensureUser(name, password, serviceProject);
    await this.admin.grant(serviceProject, userId, 'admin');
    await this.admin.grant(serviceProject, userId, 'service');
    this.serviceUser = { name, password, id: userId };
    this.keystoneEntries.push(`/users/${userId}`);
  }

  /** The network service, and this run's region with the started server's endpoints. */
  private async registerEndpoints(): Promise<void> {
    const serviceId = await this.admin.ensureService('network', 'neutron');
    await this.admin.ensureRegion(this.region);
    const endpoints = await this.admin.createEndpoints(serviceId, this.region, `${this.serverUrl}/`);
    // Endpoints before their region, which Keystone refuses to delete while it has any.
    this.keystoneEntries.unshift(...endpoints.map((id) => `/endpoints/${id}`));
    this.keystoneEntries.push(`/regions/${this.region}`);
  }

  /** Debian's neutron-server Zed in place of net-server, with the run's Keystone and the same settings. */
  private async startNeutron(): Promise<void> {
    const { name, password } = this.serviceUser;
    const settings = { ...this.options.settings };
    if (this.options.tokenCacheTime !== undefined)
      settings['keystone_authtoken'] = { ...settings['keystone_authtoken'], token_cache_time: String(this.options.tokenCacheTime) };
    this.neutron = await NeutronServer.start({
      log: this.log,
      logFile: join(this.logDir, 'neutron-server.log'),
      keystone: { url: this.keystone.url, username: name, password, projectName: 'service' },
      settings,
    });
  }

  private async startServer(): Promise<void> {
    const vhost = `conformance-${process.pid}-${randomBytes(3).toString('hex')}`;
    this.vhost = vhost;
    this.runDir.record('vhosts', vhost);
    await createVhost(vhost, this.cleanup);
    let database = `sqlite:///${join(this.runDir.dir, 'net-server.sqlite')}`;
    if (this.options.serverDatabase === 'postgresql') {
      const name = `conformance_ns_${process.pid}_${randomBytes(3).toString('hex')}`;
      this.runDir.record('databases', name);
      await createDatabase(name);
      this.databases.push(name);
      this.cleanup.add(`database ${name}`, () => dropDatabaseSync(name));
      database = databaseUrl(name);
    }
    const { name, password } = this.serviceUser;
    const server = new NetServer({
      dir: this.runDir.dir,
      port: await freePort(),
      vhost,
      database,
      keystone: { url: this.keystone.url, username: name, password, projectName: 'service', tokenCacheTime: this.options.tokenCacheTime },
      logFile: join(this.logDir, 'net-server.log'),
      settings: this.options.settings,
    });
    this.server = server;
    server.prepare();
    await server.start((background) => {
      if (background.pid !== undefined) this.runDir.record('groups', `${background.pid} ${server.marker}`);
      this.cleanup.add('net-server', () => background.killNow());
    });
    this.log(`net-server ready at ${server.url} (log ${server.options.logFile})`);
  }

  /** A token of the admin (project admin) and a client of net-server with it. */
  async adminApi(): Promise<NeutronClient> {
    const info = await IdentityClient.password(this.keystone.url, 'admin', this.keystone.state.adminPassword, { project: 'admin' });
    return new NeutronClient(this.serverUrl, info.token);
  }

  private async createExternalNetwork(): Promise<void> {
    const api = await this.adminApi();
    const { network } = await api.request<{ network: { id: string } }>('POST', '/v2.0/networks', {
      network: { name: PUBLIC_NETWORK.name, 'router:external': true, 'provider:network_type': 'flat', 'provider:physical_network': PUBLIC_PHYSNET },
    });
    await api.request('POST', '/v2.0/subnets', {
      subnet: {
        network_id: network.id,
        name: `${PUBLIC_NETWORK.name}-subnet`,
        ip_version: 4,
        cidr: PUBLIC_NETWORK.cidr,
        gateway_ip: PUBLIC_NETWORK.gateway,
        allocation_pools: [PUBLIC_NETWORK.pool],
        enable_dhcp: false,
      },
    });
    this.publicNetworkId = network.id;
  }

  /** devstack's shared default subnet pools (lib/neutron_plugins/services/l3), on prefixes no other test network uses. */
  private async createDefaultSubnetPools(): Promise<void> {
    const api = await this.adminApi();
    for (const pool of DEFAULT_SUBNET_POOLS) {
      await api.request('POST', '/v2.0/subnetpools', { subnetpool: { ...pool, shared: true, is_default: true } });
    }
  }

  /** The aliases the server lists at /v2.0/extensions. */
  async extensions(): Promise<string[]> {
    const api = await this.adminApi();
    const { extensions } = await api.request<{ extensions: { alias: string }[] }>('GET', '/v2.0/extensions');
    return extensions.map((extension) => extension.alias).sort();
  }

  /** A Tempest workspace in the run's folder, configured for this server. */
  async tempest(): Promise<TempestWorkspace> {
    return this.timed('tempestInit', async () => {
      const workspace = new TempestWorkspace(join(this.runDir.dir, 'tempest'), this.runDir.dir, this.logDir);
      const config: TempestConfig = {
        identityUrl: this.keystone.url,
        adminPassword: this.keystone.state.adminPassword,
        identityRegion: KEYSTONE_REGION,
        networkRegion: this.region,
        publicNetworkId: this.publicNetworkId,
        publicNetworkName: PUBLIC_NETWORK.name,
        extensions: await this.extensions(),
        typeDrivers: ['flat', 'vlan', 'vxlan'],
        providerVlans: [VLAN_PHYSNET],
      };
      await workspace.init(config);
      return workspace;
    });
  }

  /**
   * Stops the server (neutron-server: with its database, vhost and folder),
   * removes what the run registered in a Keystone it keeps (endpoints,
   * region, service user), stops its own Keystone and drops the databases,
   * then the rest of the cleanup (vhost, temp folder).
   */
  async tearDown(): Promise<void> {
    try {
      await this.hostAgents?.stop();
      await this.server?.stop();
      await this.neutron?.destroy();
      if (this.keystone && !this.keystoneOwned && this.keystone.running) {
        try {
          const admin = await this.keystone.admin();
          for (const path of this.keystoneEntries) await admin.deleteQuietly(path);
        } catch (error) {
          this.log(`could not remove this run's entries from the kept Keystone: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      if (this.keystone && this.keystoneOwned) {
        await this.keystone.stop();
        await dropDatabase(this.keystone.state.database);
      }
      for (const name of this.databases) await dropDatabase(name);
      if (this.keystone && !this.keystoneOwned)
        this.log(`Keystone kept running at ${this.keystone.url} (${this.keystone.state.dir}); stop it with --stop-keystone`);
    } finally {
      this.cleanup.runAll();
      if (this.cleanup.failures.length) this.log(`cleanup problems:\n${this.cleanup.failures.join('\n')}`);
    }
  }
}

/** Stops a Keystone kept in `home` and removes it (database, folder). */
export async function removeKeystoneHome(home: string): Promise<boolean> {
  if (!existsSync(home)) return false;
  const file = join(home, 'state.json');
  if (existsSync(file)) {
    const keystone = new Keystone(JSON.parse(readFileSync(file, 'utf8')) as KeystoneState);
    await keystone.stop();
    await dropDatabase(keystone.state.database);
  }
  rmSync(home, { recursive: true, force: true });
  return true;
}

/** The default folder of a kept Keystone. */
export function defaultKeystoneHome(): string {
  const base = process.env['TMPDIR'] || '/tmp';
  return join(base, 'net-server-conformance-keystone');
}

/**
 * What runs that died left in a kept Keystone: their regions
 * (conformance-<pid>-<suffix> whose process is gone), with the regions'
 * endpoints and service users.
 */
async function sweepStaleRegions(admin: IdentityClient): Promise<string[]> {
  const { regions } = await admin.request<{ regions: { id: string }[] }>('GET', '/regions');
  const swept: string[] = [];
  for (const { id } of regions) {
    const pid = /^conformance-(\d+)-[0-9a-f]+$/.exec(id)?.[1];
    if (pid === undefined || existsSync(`/proc/${pid}`)) continue;
    const { endpoints } = await admin.request<{ endpoints: { id: string }[] }>('GET', `/endpoints?region_id=${encodeURIComponent(id)}`);
    for (const endpoint of endpoints) await admin.deleteQuietly(`/endpoints/${endpoint.id}`);
    const user = await admin.findId('users', `net-server-${id}`);
    if (user) await admin.deleteQuietly(`/users/${user}`);
    await admin.deleteQuietly(`/regions/${id}`);
    swept.push(id);
  }
  return swept;
}
