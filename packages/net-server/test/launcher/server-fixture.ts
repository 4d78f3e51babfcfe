import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, vi } from 'vitest';
import { freePort } from '../../../../tools/vitest/free-port.mjs';
import { installFakePackage, linkWorkspacePackage, makeAppRoot } from '../fixtures.js';

export { freePort };

export const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/bin.js');

/**
 * A RabbitMQ virtual host of its own for a test file (removed afterwards
 * with everything in it); tests add a unique control_exchange.
 */
export function createVhost(): { url: string; connections(): number; remove(): void } {
  const vhost = `net-server-launcher-${process.pid}-${Date.now()}`;
  execFileSync('rabbitmqctl', ['-q', 'add_vhost', vhost]);
  execFileSync('rabbitmqctl', ['-q', 'set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*']);
  return {
    url: `rabbit://guest:guest@127.0.0.1:5672/${vhost}`,
    /** Open client connections to this virtual host, as the broker counts them. */
    connections: () =>
      execFileSync('rabbitmqctl', ['-q', '--no-table-headers', 'list_connections', 'vhost'], { encoding: 'utf8' })
        .split('\n')
        .filter((line) => line.trim() === vhost).length,
    remove: () => execFileSync('rabbitmqctl', ['-q', 'delete_vhost', vhost]),
  };
}

/*
 * Core plugins for the launcher tests, as a real installed package:
 * - test_rpc: RPC listeners on q-plugin and q-reports-plugin (whoami, slow);
 * - test_plain: no listener methods (the "not supported" path);
 * - test_workers: test_rpc plus a plugin worker of its own ("sync worker",
 *   TEST_SYNC_WORKERS processes);
 * - test_broken_rpc: startRpcListeners fails;
 * - test_crashing_worker: a two-process plugin worker whose processes exit just after starting.
 * GET /v2.0/networks/pid answers the serving process's pid,
 * /v2.0/networks/slow-<ms> does so after <ms> ms, busy-<ms> after keeping
 * its process busy for <ms> ms, /v2.0/networks/dns the live value of
 * dns_domain.
 */
const PLUGIN_SOURCE = `
import { createConnection, getRpcTransport } from '@net-server/rpc';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

class Callbacks {
  async whoami() { return process.pid; }
  async slow(_context, { ms }) { await sleep(ms); return process.pid; }
}

class Plain {
  constructor(init) {
    this.config = init.config;
    this.logger = init.logger;
  }
  async getNetworks() { return []; }
  async getNetwork(_context, id) {
    if (id.startsWith('slow-')) await sleep(Number(id.slice(5)));
    if (id.startsWith('busy-')) for (const end = Date.now() + Number(id.slice(5)); Date.now() < end; );
    const name = id === 'dns' ? this.config.value('DEFAULT', 'dns_domain') : String(process.pid);
    return { id, name };
  }
}

class WithRpc extends Plain {
  #transports = [];
  async #consume(topic) {
    const transport = await getRpcTransport(
      {
        transport_url: this.config.value('DEFAULT', 'transport_url'),
        control_exchange: this.config.value('DEFAULT', 'control_exchange'),
      },
      // The plugin's logger: its records go where the server's logging options send them.
      { logger: this.logger },
    );
    this.#transports.push(transport);
    const connection = createConnection(transport);
    connection.createConsumer(topic, [new Callbacks()]);
    return connection.consume();
  }
  startRpcListeners() { return this.#consume('q-plugin'); }
  startRpcStateReportsListener() { return this.#consume('q-reports-plugin'); }
  async close() { await Promise.all(this.#transports.splice(0).map((transport) => transport.cleanup())); }
}

class SyncWorker {
  name = 'sync worker';
  workerProcessCount = Number(process.env.TEST_SYNC_WORKERS ?? '0');
  #stop;
  #stopped = new Promise((resolve) => { this.#stop = resolve; });
  async start() {}
  async stop() { this.#stop(); }
  wait() { return this.#stopped; }
  async reset() {}
}

class WithWorkers extends WithRpc {
  getWorkers() { return [new SyncWorker()]; }
}

class BrokenRpc extends Plain {
  async startRpcListeners() { throw new Error('the broker refused the consumer'); }
}

/** Two worker processes that die right after they started, every time. */
class CrashingWorker extends SyncWorker {
  name = 'crashing worker';
  workerProcessCount = 2;
  async start() { setTimeout(() => process.exit(3), 50); }
}

class WithCrashingWorker extends Plain {
  getWorkers() { return [new CrashingWorker()]; }
}

export { Plain, WithRpc, WithWorkers, BrokenRpc, WithCrashingWorker };
`;

export interface TestApp {
  root: string;
  port: number;
  configFile: string;
  /** Rewrites the config file with other [DEFAULT] values. */
  writeConfig(defaults: Record<string, string | number>): void;
}

/** An application root with the test plugins installed and a config file for them. */
export async function makeTestApp(root: string, defaults: Record<string, string | number>): Promise<TestApp> {
  makeAppRoot(root);
  installFakePackage(root, {
    name: 'test-launcher-plugins',
    entryPoints: {
      'net_server.core_plugins': {
        test_rpc: './plugin.js:WithRpc',
        test_plain: './plugin.js:Plain',
        test_workers: './plugin.js:WithWorkers',
        test_broken_rpc: './plugin.js:BrokenRpc',
        test_crashing_worker: './plugin.js:WithCrashingWorker',
      },
    },
    files: { 'plugin.js': PLUGIN_SOURCE },
    links: ['@net-server/rpc'],
  });
  linkWorkspacePackage(root, '@net-server/rpc-rabbit');
  const port = await freePort();
  const configFile = join(root, 'net-server.conf');
  const app: TestApp = {
    root,
    port,
    configFile,
    writeConfig(values) {
      const all = { bind_host: '127.0.0.1', bind_port: port, core_plugin: 'test_rpc', graceful_shutdown_timeout: 20, ...values };
      const lines = Object.entries(all).map(([key, value]) => `${key} = ${value}`);
      writeFileSync(configFile, `[DEFAULT]\n${lines.join('\n')}\n\n[database]\nconnection = sqlite:///${join(root, 'db.sqlite')}\n`);
    },
  };
  app.writeConfig(defaults);
  const upgrade = spawnSync(process.execPath, [BIN, 'db', 'upgrade', '--config-file', configFile], { cwd: root, env: testEnv(root), encoding: 'utf8' });
  if (upgrade.status !== 0) throw new Error(`db upgrade failed: ${upgrade.stderr}`);
  return app;
}

export function testEnv(root: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, HOME: root, NET_SERVER_LOG_LEVEL: 'info', ...extra };
}

export interface RunningTestServer {
  process: ChildProcess;
  pid: number;
  /** Every stderr line so far. */
  log: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `net-server start` with the app's config file, then `extraArgs` (more files, options). */
export function startServer(app: TestApp, extraEnv: Record<string, string> = {}, extraArgs: readonly string[] = []): RunningTestServer {
  const child = spawn(process.execPath, [BIN, 'start', '--config-file', app.configFile, ...extraArgs], {
    cwd: app.root,
    env: testEnv(app.root, extraEnv),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: string[] = [];
  let partial = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    log.push(...lines);
  });
  child.stdout?.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.once('exit', (code, signal) => done({ code, signal })));
  return { process: child, pid: child.pid as number, log, exited };
}

export interface ProcessInfo {
  pid: number;
  ppid: number;
  title: string;
}

/** The processes whose parent is `ppid`, as `ps` shows them. */
export function childrenOf(ppid: number): ProcessInfo[] {
  return allProcesses().filter((info) => info.ppid === ppid);
}

export function allProcesses(): ProcessInfo[] {
  const out = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ pid: Number(match[1]), ppid: Number(match[2]), title: (match[3] as string).trim() }));
}

export function titleOf(pid: number): string | undefined {
  return allProcesses().find((info) => info.pid === pid)?.title;
}

/** Number of children per title. */
export function roleCounts(ppid: number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { title } of childrenOf(ppid)) counts[title] = (counts[title] ?? 0) + 1;
  return counts;
}

export interface HttpResult {
  status: number;
  body: string;
}

/** One GET on a fresh connection; a request unanswered for 10 s fails with ETIMEDOUT. */
export function get(port: number, path: string): Promise<HttpResult> {
  return new Promise((resolveResult, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolveResult({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('no answer in 10 s'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end();
  });
}

/** The `name` of GET /v2.0/networks/<id>. */
export async function networkName(port: number, id: string): Promise<string> {
  const { status, body } = await get(port, `/v2.0/networks/${id}`);
  if (status !== 200) throw new Error(`GET /v2.0/networks/${id} answered ${status}: ${body}`);
  return (JSON.parse(body) as { network: { name: string } }).network.name;
}

/** How long a server's processes may take to get somewhere (start, answer, fork, exit), as vi.waitFor and expect.poll options. */
export const SERVER_WAIT = { timeout: 30_000, interval: 50 };

/** Stops a server (SIGTERM) and waits for it, killing it when it does not stop. */
export async function stopServer(server: RunningTestServer): Promise<void> {
  if (server.process.exitCode !== null || server.process.signalCode !== null) return;
  server.process.kill('SIGTERM');
  const timer = setTimeout(() => server.process.kill('SIGKILL'), 15_000);
  await server.exited;
  clearTimeout(timer);
}

export interface LoadResult {
  ok: number;
  /** Error codes (or statuses) of the requests that failed. */
  failures: string[];
}

/**
 * `clients` loops of sequential GETs on fresh connections until `stop()`,
 * each bounded by `maxRequests`; resolves with what happened.
 */
export function httpLoad(port: number, path: string, clients: number, maxRequests = 2000): { readonly answered: number; stop(): Promise<LoadResult> } {
  let running = true;
  const result: LoadResult = { ok: 0, failures: [] };
  const loops = Array.from({ length: clients }, async () => {
    for (let sent = 0; running && sent < maxRequests; sent++) {
      try {
        const { status } = await get(port, path);
        if (status === 200) result.ok++;
        else result.failures.push(String(status));
      } catch (error) {
        result.failures.push((error as NodeJS.ErrnoException).code ?? String(error));
      }
    }
  });
  return {
    get answered() {
      return result.ok;
    },
    async stop() {
      running = false;
      await Promise.all(loops);
      return result;
    },
  };
}

/** The children of `ppid` with `title`, by pid. */
export function pidsWithTitle(ppid: number, title: string): number[] {
  return childrenOf(ppid)
    .filter((info) => info.title === `net-server: ${title}`)
    .map((info) => info.pid);
}

/** Whether a process exists (a zombie awaiting its parent counts as gone). */
export function isAlive(pid: number): boolean {
  const info = spawnSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' });
  const stat = info.stdout.trim();
  return stat !== '' && !stat.startsWith('Z');
}

/** Waits until the server logged a line containing `text`. */
export async function waitForLog(server: RunningTestServer, text: string, timeoutMs = SERVER_WAIT.timeout): Promise<true> {
  await vi.waitFor(
    () =>
      expect(
        server.log.some((line) => line.includes(text)),
        `"${text}" in the log`,
      ).toBe(true),
    { ...SERVER_WAIT, timeout: timeoutMs },
  );
  return true;
}

/** Waits until the master reports every worker process ready (RPC consumers included). */
export function waitForWorkers(server: RunningTestServer): Promise<true> {
  return waitForLog(server, 'net-server ready');
}
