import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tail } from '../../agents-e2e/src/logs.js';
import { Background, Fatal, run, SYSTEM_PATH, waitFor, type RunResult } from '../../agents-e2e/src/proc.js';

/** The net-server checkout whose built packages the application links: this one, or CONFORMANCE_REPO (another checkout, to compare builds). */
export const REPO = process.env['CONFORMANCE_REPO'] || resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = join(REPO, 'packages/net-server/dist/bin.js');

/**
 * What the application folder installs, as a user's `npm install` would:
 * package -> workspace folder. The same set as the dev server's application
 * (tools/server), so a new plugin package is in the run once it is there;
 * service plugins load only when `service_plugins` names them or neutron
 * loads them by default.
 */
const PACKAGES: Record<string, string> = Object.fromEntries(
  Object.keys((JSON.parse(readFileSync(join(REPO, 'tools/server/package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies).map(
    (name) => [name, `packages/${name.replace(/^@net-server\//, '')}`],
  ),
);

/** The physical networks: `public` (flat) carries the external network Tempest takes floating IPs from, `physnet1` has VLANs for provider networks. */
export const PUBLIC_PHYSNET = 'public';
export const VLAN_PHYSNET = 'physnet1';
export const VLAN_RANGE = '100:199';

export interface ServerOptions {
  /** The run's folder: the application folder and the server's state go under it. */
  dir: string;
  port: number;
  vhost: string;
  /** The database: `sqlite:///...` or `postgresql://...`. */
  database: string;
  /** `auth_strategy = keystone` against this Keystone; noauth when unset. */
  keystone?: { url: string; username: string; password: string; projectName: string; tokenCacheTime?: number };
  logFile: string;
  /** Extra `section.option=value` settings, applied over the defaults. */
  settings?: Record<string, Record<string, string>>;
}

/**
 * `net-server start` from an application folder whose node_modules link
 * the workspace's built packages (ML2 with the openvswitch and linuxbridge
 * mechanism drivers, flat/vlan/vxlan; router, segments, qos, tag,
 * network IP availability, metering), `auth_strategy = keystone` against
 * the run's Keystone (noauth without one), RabbitMQ on the run's vhost.
 */
export class NetServer {
  readonly appDir: string;
  readonly confFile: string;
  readonly url: string;
  process?: Background;

  constructor(readonly options: ServerOptions) {
    this.appDir = join(options.dir, 'app');
    this.confFile = join(this.appDir, 'net-server.conf');
    this.url = `http://127.0.0.1:${options.port}`;
  }

  /** In the server's command line: what tells our processes from others. */
  get marker(): string {
    return this.confFile;
  }

  private get env(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { PATH: `${dirname(process.execPath)}:${SYSTEM_PATH}`, HOME: this.options.dir, NODE_PATH: '', LANG: 'C.UTF-8' };
    if (process.env['NET_SERVER_LOG_LEVEL']) env['NET_SERVER_LOG_LEVEL'] = process.env['NET_SERVER_LOG_LEVEL'];
    return env;
  }

  /** The configuration, section by section, before the extra settings. */
  private sections(): Record<string, Record<string, string>> {
    const { keystone } = this.options;
    const sections: Record<string, Record<string, string>> = {
      DEFAULT: {
        core_plugin: 'ml2',
        service_plugins: 'router,segments,qos,tag,network_ip_availability,metering',
        bind_host: '127.0.0.1',
        bind_port: String(this.options.port),
        auth_strategy: keystone ? 'keystone' : 'noauth',
        transport_url: `rabbit://guest:guest@127.0.0.1:5672/${this.options.vhost}`,
        state_path: join(this.options.dir, 'server-state'),
        // As devstack sets it, and as Tempest assumes: its classes pick subnet
        // CIDRs from one range for every project, and some tests need two
        // networks with the same CIDR (neutron's default is false).
        allow_overlapping_ips: 'true',
      },
      database: { connection: this.options.database },
      ml2: {
        type_drivers: 'flat,vlan,vxlan',
        tenant_network_types: 'vxlan',
        mechanism_drivers: 'openvswitch,linuxbridge',
        extension_drivers: 'port_security,qos',
      },
      ml2_type_flat: { flat_networks: PUBLIC_PHYSNET },
      ml2_type_vlan: { network_vlan_ranges: `${VLAN_PHYSNET}:${VLAN_RANGE}` },
      ml2_type_vxlan: { vni_ranges: '1:10000' },
    };
    if (keystone) {
      sections['keystone_authtoken'] = {
        www_authenticate_uri: `${keystone.url}/v3`,
        auth_url: keystone.url,
        username: keystone.username,
        password: keystone.password,
        project_name: keystone.projectName,
        user_domain_name: 'Default',
        project_domain_name: 'Default',
        ...(keystone.tokenCacheTime === undefined ? {} : { token_cache_time: String(keystone.tokenCacheTime) }),
      };
    }
    for (const [section, options] of Object.entries(this.options.settings ?? {})) sections[section] = { ...sections[section], ...options };
    return sections;
  }

  /** The application folder: package.json, node_modules links to the built workspace packages, net-server.conf. */
  prepare(): void {
    for (const folder of Object.values(PACKAGES)) {
      if (!existsSync(join(REPO, folder, 'dist')))
        throw new Error(`${join(REPO, folder, 'dist')} is missing: run \`npx --yes pnpm@10.34.9 build\` at the repository root first`);
    }
    mkdirSync(this.appDir, { recursive: true });
    writeFileSync(join(this.appDir, 'package.json'), JSON.stringify({ name: 'conformance-app', version: '1.0.0', private: true }));
    for (const [name, folder] of Object.entries(PACKAGES)) {
      const link = join(this.appDir, 'node_modules', name);
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(join(REPO, folder), link, 'dir');
    }
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

  /** `net-server <args> --config-file <its configuration>` from the application folder (after `prepare`), to completion; rejects on a non-zero exit. */
  async cli(args: readonly string[], timeoutMs = 120_000): Promise<RunResult> {
    return run(process.execPath, [BIN, ...args, '--config-file', this.confFile], { cwd: this.appDir, env: this.env, timeoutMs });
  }

  /** `db upgrade`, then `start` in a process group of its own; resolves once the API answers (401 without a token: it is up and asks Keystone). */
  async start(onStarted: (server: Background) => void, timeoutMs = 90_000): Promise<void> {
    await this.cli(['db', 'upgrade']);
    const server = new Background('net-server', process.execPath, [BIN, 'start', '--config-file', this.confFile], this.options.logFile, {
      cwd: this.appDir,
      env: this.env,
    });
    this.process = server;
    onStarted(server);
    await waitFor(
      async () => {
        if (!server.running)
          throw new Fatal(`net-server exited (${String(server.child.exitCode)}); ${this.options.logFile} ends:\n${tail(this.options.logFile, 15)}`);
        const response = await fetch(`${this.url}/`, { signal: AbortSignal.timeout(5_000) });
        return response.status === 200 ? true : undefined;
      },
      timeoutMs,
      () => `net-server did not answer on ${this.url}; ${this.options.logFile} ends:\n${tail(this.options.logFile, 15)}`,
      300,
    );
  }

  async stop(): Promise<void> {
    await this.process?.stop(15_000);
  }
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`${what} -> HTTP ${status}: ${body.slice(0, 2000)}`);
  }
}

/** A Neutron v2.0 client with a Keystone token. */
export class NeutronClient {
  constructor(
    readonly url: string,
    readonly token: string,
  ) {}

  async fetch(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { 'x-auth-token': this.token, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${this.url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(60_000),
    });
  }

  async request<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.fetch(method, path, body);
    const text = await response.text();
    if (!response.ok) throw new ApiError(response.status, text, `${method} ${path}`);
    return (text ? JSON.parse(text) : {}) as T;
  }
}
