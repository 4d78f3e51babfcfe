import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Cleanup } from './cleanup.js';
import { tail } from './logs.js';
import { Background, Fatal, run, SYSTEM_PATH, waitFor } from './proc.js';

/** The net-server repository whose built packages the application links: this one, or AGENTS_E2E_REPO (e.g. an older checkout, to compare). */
export const REPO = process.env['AGENTS_E2E_REPO'] || resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = join(REPO, 'packages/net-server/dist/bin.js');
/** What the application folder installs, as a user's `npm install` would: workspace package -> folder. */
const PACKAGES: Record<string, string> = {
  'net-server': 'packages/net-server',
  '@net-server/ml2': 'packages/ml2',
  '@net-server/l3': 'packages/l3',
  '@net-server/rpc-rabbit': 'packages/rpc-rabbit',
};

export interface ServerOptions {
  /** Temp folder of the run: the application folder, database and HOME go under it. */
  dir: string;
  port: number;
  vhost: string;
  /** Process layout: 'workers' (api_workers 1, rpc_workers 1, rpc_state_report_workers 1) or 'single' (every count 0: one process). */
  layout: 'workers' | 'single';
  physnets: string[];
  logFile: string;
  /** [ml2] mechanism_drivers (default linuxbridge,l2population). */
  mechanismDrivers?: string;
}

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

  private get env(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { PATH: `${dirname(process.execPath)}:${SYSTEM_PATH}`, HOME: this.options.dir, NODE_PATH: '', LANG: 'C.UTF-8' };
    // For diagnoses: NET_SERVER_LOG_LEVEL=debug logs every RPC message the server handles.
    if (process.env['NET_SERVER_LOG_LEVEL']) env['NET_SERVER_LOG_LEVEL'] = process.env['NET_SERVER_LOG_LEVEL'];
    return env;
  }

  /** The application folder: package.json, node_modules links to the built workspace packages, net-server.conf. */
  prepare(): void {
    if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npx --yes pnpm@10.34.9 build\` at the repository root first`);
    mkdirSync(this.appDir, { recursive: true });
    writeFileSync(join(this.appDir, 'package.json'), JSON.stringify({ name: 'agents-e2e-app', version: '1.0.0', private: true }));
    for (const [name, folder] of Object.entries(PACKAGES)) {
      const link = join(this.appDir, 'node_modules', name);
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(join(REPO, folder), link, 'dir');
    }
    const counts = this.options.layout === 'workers' ? { api: 1, rpc: 1, reports: 1 } : { api: 0, rpc: 0, reports: 0 };
    writeFileSync(
      this.confFile,
      `[DEFAULT]
core_plugin = ml2
service_plugins = router
bind_host = 127.0.0.1
bind_port = ${this.options.port}
auth_strategy = noauth
transport_url = rabbit://guest:guest@127.0.0.1:5672/${this.options.vhost}
api_workers = ${counts.api}
rpc_workers = ${counts.rpc}
rpc_state_report_workers = ${counts.reports}
state_path = ${join(this.options.dir, 'server-state')}
debug = true

[database]
connection = sqlite:///${join(this.options.dir, 'db.sqlite')}

[ml2]
type_drivers = flat,vxlan
tenant_network_types = vxlan
mechanism_drivers = ${this.options.mechanismDrivers ?? 'linuxbridge,l2population'}
extension_drivers = port_security

[ml2_type_flat]
flat_networks = ${this.options.physnets.join(',')}

[ml2_type_vxlan]
vni_ranges = 1:1000
`,
    );
  }

  async start(cleanup: Cleanup): Promise<void> {
    await run(process.execPath, [BIN, 'db', 'upgrade', '--config-file', this.confFile], { cwd: this.appDir, env: this.env, timeoutMs: 60_000 });
    const server = new Background('net-server', process.execPath, [BIN, 'start', '--config-file', this.confFile], this.options.logFile, {
      cwd: this.appDir,
      env: this.env,
    });
    this.process = server;
    cleanup.add('net-server', () => server.killNow());
    await waitFor(
      async () => {
        if (!server.running) throw new Fatal(`net-server exited (${String(server.child.exitCode)}); its log ends:\n${tail(this.options.logFile, 15)}`);
        const response = await fetch(`${this.url}/v2.0/networks`, { signal: AbortSignal.timeout(2_000) });
        return response.ok ? true : undefined;
      },
      60_000,
      () => `net-server did not answer on ${this.url}; its log ends:\n${tail(this.options.logFile, 15)}`,
      300,
    );
  }

  async stop(): Promise<void> {
    await this.process?.stop(15_000);
  }
}
