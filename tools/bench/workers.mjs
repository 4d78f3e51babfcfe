#!/usr/bin/env node
// `net-server start` benchmark: real processes, the local RabbitMQ broker.
//   - start to ready: process start to the first API 200, and to the master
//     reporting every worker ready (RPC consuming) and the first RPC reply,
//     with api_workers = 2, rpc_workers = 2 (median of --rounds);
//   - API throughput (GET /v2.0/networks/<id> through the REST API to a
//     trivial core plugin) with 1 and with 2 API workers;
//   - resident memory of each process at idle, and after each of
//     --load-rounds rounds of --requests API requests and --messages RPC
//     calls, with the growth; the idle totals of RSS and PSS beside their
//     floor, as many bare node processes measured in the same run; then, on
//     a second server, the live heap of each API worker after a full GC
//     (heap snapshots) at the same points.
// The core plugin is a small package written to a temp dir; a RabbitMQ
// virtual host of its own is created and deleted. Every phase is bounded in
// count and in time. Needs the built packages (tsup in packages/lib, rpc,
// rpc-rabbit, entrypoints, net-server).
// Usage: node tools/bench/workers.mjs [--requests 20000] [--messages 20000]
//        [--concurrency 16] [--rounds 3] [--load-rounds 3] [--seconds 120]
//        [--node-options="<flags for the server's node, e.g. --optimize-for-size>"]
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { silentLogger } from '@net-server/lib';
import { RpcClient, Target, getRpcTransport } from '@net-server/rpc';
import { rabbitDriver } from '@net-server/rpc-rabbit';
import { residentMemory } from './support.mjs';
import { freePort } from '../vitest/free-port.mjs';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '20000' },
    messages: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '16' },
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '120' },
    'load-rounds': { type: 'string', default: '3' },
    'node-options': { type: 'string', default: '' },
  },
});
// Given to the server's master, which passes them on to its forked workers.
const serverNodeOptions = values['node-options'].split(/\s+/).filter(Boolean);
const requests = Math.max(1000, Math.min(Number(values.requests), 200_000));
const messages = Math.max(1000, Math.min(Number(values.messages), 200_000));
const concurrency = Math.max(1, Math.min(Number(values.concurrency), 128));
const rounds = Math.max(1, Math.min(Number(values.rounds), 9));
const loadRounds = Math.max(1, Math.min(Number(values['load-rounds']), 9));
// Each load phase gets at most this long; one that runs out reports what it did.
const phaseMs = Math.max(10, Math.min(Number(values.seconds), 600)) * 1000;

const packages = resolve(dirname(fileURLToPath(import.meta.url)), '../../packages');
const BIN = join(packages, 'net-server/dist/bin.js');

const PLUGIN = `
import { createConnection, getRpcTransport } from '@net-server/rpc';
export class BenchCore {
  constructor(init) { this.config = init.config; }
  async getNetworks() { return []; }
  async getNetwork(_context, id) { return { id, name: String(process.pid) }; }
  async startRpcListeners() {
    const transport = await getRpcTransport({
      transport_url: this.config.value('DEFAULT', 'transport_url'),
      control_exchange: this.config.value('DEFAULT', 'control_exchange'),
    });
    const connection = createConnection(transport);
    connection.createConsumer('q-plugin', [{ whoami: async () => process.pid }]);
    return connection.consume();
  }
}
`;

function makeApp(root) {
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'bench-app', version: '1.0.0', private: true }));
  const plugin = join(root, 'node_modules', 'bench-core');
  mkdirSync(plugin, { recursive: true });
  writeFileSync(
    join(plugin, 'package.json'),
    JSON.stringify({ name: 'bench-core', version: '1.0.0', type: 'module', entryPoints: { 'net_server.core_plugins': { bench: './plugin.js:BenchCore' } } }),
  );
  writeFileSync(join(plugin, 'plugin.js'), PLUGIN);
  for (const name of ['rpc', 'rpc-rabbit']) {
    for (const dir of [join(root, 'node_modules', '@net-server'), join(plugin, 'node_modules', '@net-server')]) {
      mkdirSync(dir, { recursive: true });
      symlinkSync(join(packages, name), join(dir, name), 'dir');
    }
  }
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/**
 * The memory floor of `count` processes: as many bare node processes, with the server's node options,
 * idle as long as the server was before its figures were taken. PSS shares node's code pages among them
 * as it does among the server's processes.
 */
async function bareNodeMemory(count) {
  const children = Array.from({ length: count }, () =>
    spawn(process.execPath, [...serverNodeOptions, '-e', 'setInterval(() => {}, 1 << 30)'], { stdio: 'ignore' }),
  );
  try {
    await sleep(2000);
    return children.flatMap((child) => residentMemory(child.pid));
  } finally {
    for (const child of children) child.kill();
  }
}

function get(port, path, agent) {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode));
    });
    req.on('error', fail);
    req.end();
  });
}

async function until(what, probe, ms = 30_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];

/**
 * The live JavaScript heap of a process in MB: the sum of the object sizes
 * in a heap snapshot, which V8 takes after a full GC. The process runs with
 * --heapsnapshot-signal=SIGUSR2 and writes the snapshot to `dir`.
 */
async function liveHeapMb(pid, dir) {
  const mine = () => readdirSync(dir).filter((name) => name.endsWith('.heapsnapshot') && name.includes(`.${pid}.`));
  for (const name of mine()) rmSync(join(dir, name));
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    await sleep(250);
    const [name] = mine();
    if (name === undefined) continue;
    let snapshot;
    try {
      snapshot = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    } catch {
      continue; // still being written
    }
    rmSync(join(dir, name));
    const fields = snapshot.snapshot.meta.node_fields;
    const selfSize = fields.indexOf('self_size');
    let bytes = 0;
    for (let i = selfSize; i < snapshot.nodes.length; i += fields.length) bytes += snapshot.nodes[i];
    return bytes / 1024 / 1024;
  }
  throw new Error(`no heap snapshot from ${pid} within 60 s`);
}

const vhost = `net-server-bench-workers-${process.pid}`;
execFileSync('rabbitmqctl', ['-q', 'add_vhost', vhost]);
execFileSync('rabbitmqctl', ['-q', 'set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*']);
const transportUrl = `rabbit://guest:guest@127.0.0.1:5672/${vhost}`;
const root = mkdtempSync(join(tmpdir(), 'net-server-bench-workers-'));
const env = { ...process.env, HOME: root, NET_SERVER_LOG_LEVEL: 'warn' };
let exchangeSeq = 0;

async function startServer(apiWorkers, rpcWorkers, extraEnv = {}) {
  const port = await freePort();
  const exchange = `bench-${++exchangeSeq}`;
  const configFile = join(root, 'net-server.conf');
  writeFileSync(
    configFile,
    `[DEFAULT]\ncore_plugin = bench\nbind_host = 127.0.0.1\nbind_port = ${port}\napi_workers = ${apiWorkers}\nrpc_workers = ${rpcWorkers}\n` +
      `rpc_state_report_workers = 0\ntransport_url = ${transportUrl}\ncontrol_exchange = ${exchange}\n\n[database]\nconnection = sqlite:///${join(root, 'db.sqlite')}\n`,
  );
  const started = performance.now();
  const child = spawn(process.execPath, [...serverNodeOptions, BIN, 'start', '--config-file', configFile], {
    cwd: root,
    env: { ...env, NET_SERVER_LOG_LEVEL: 'info', ...extraEnv },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => (log += chunk));
  const exited = new Promise((done) => child.once('exit', done));
  const transport = await getRpcTransport(
    { transport_url: transportUrl, control_exchange: exchange, rpc_response_timeout: 10 },
    { drivers: { rabbit: rabbitDriver }, logger: silentLogger },
  );
  const client = new RpcClient(transport, new Target({ topic: 'q-plugin' }), { timeoutMs: 10_000 });
  return {
    port,
    pid: child.pid,
    client,
    started,
    logHas: (text) => log.includes(text),
    async stop() {
      child.kill('SIGTERM');
      await exited;
      await transport.cleanup();
    },
  };
}

/** `total` requests from `concurrency` keep-alive clients; requests per second. */
async function httpLoad(port, total) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  let sent = 0;
  let failed = 0;
  const deadline = Date.now() + phaseMs;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (sent < total && Date.now() < deadline) {
        sent++;
        if ((await get(port, '/v2.0/networks/bench', agent).catch(() => 0)) !== 200) failed++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { done: sent, failed, perSecond: Math.round(sent / seconds) };
}

async function rpcLoad(client, total) {
  let sent = 0;
  let failed = 0;
  const deadline = Date.now() + phaseMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (sent < total && Date.now() < deadline) {
        sent++;
        await client.call({}, 'whoami', {}).catch(() => failed++);
      }
    }),
  );
  return { done: sent, failed };
}

try {
  makeApp(root);
  const configFile = join(root, 'net-server.conf');
  writeFileSync(configFile, `[DEFAULT]\ncore_plugin = bench\n\n[database]\nconnection = sqlite:///${join(root, 'db.sqlite')}\n`);
  const upgrade = spawnSync(process.execPath, [BIN, 'db', 'upgrade', '--config-file', configFile], { cwd: root, env, encoding: 'utf8' });
  if (upgrade.status !== 0) throw new Error(`db upgrade failed: ${upgrade.stderr}`);

  console.log(
    `net-server start benchmark (${rounds} rounds, ${concurrency} clients, node ${process.version}, ${availableParallelism()} CPUs, server node options: ${serverNodeOptions.join(' ') || 'none'})`,
  );
  const toApi = [];
  const toReady = [];
  const toRpc = [];
  for (let round = 0; round < rounds; round++) {
    const server = await startServer(2, 2);
    await until('the API', async () => (await get(server.port, '/v2.0/networks/bench')) === 200);
    toApi.push(performance.now() - server.started);
    await until('the workers', () => server.logHas('net-server ready'));
    toReady.push(performance.now() - server.started);
    await until('an RPC reply', () => server.client.call({}, 'whoami', {}).then(() => true));
    toRpc.push(performance.now() - server.started);
    await server.stop();
  }
  console.log(
    `start to ready (api_workers=2, rpc_workers=2): first API 200 ${median(toApi).toFixed(0)} ms, ` +
      `all workers ready ${median(toReady).toFixed(0)} ms, first RPC reply ${median(toRpc).toFixed(0)} ms`,
  );

  for (const workers of [1, 2]) {
    const server = await startServer(workers, 1);
    await until('the workers', () => server.logHas('net-server ready'));
    await httpLoad(server.port, Math.min(1000, requests));
    const runs = [];
    for (let round = 0; round < rounds; round++) runs.push(await httpLoad(server.port, Math.min(requests, 10_000)));
    const best = median(runs.map((run) => run.perSecond));
    console.log(`API throughput, api_workers=${workers}: ${best} requests/s (median of ${rounds}; failed: ${runs.reduce((n, run) => n + run.failed, 0)})`);
    await server.stop();
  }

  const server = await startServer(2, 2);
  await until('the workers', () => server.logHas('net-server ready'));
  await until('an RPC reply', () => server.client.call({}, 'whoami', {}).then(() => true));
  await sleep(2000);
  const idle = residentMemory(server.pid);
  // Several rounds of load: growth that stops after the first is warm-up
  // (JIT, heap sizing); growth that goes on round after round is a leak.
  const snapshots = [];
  for (let round = 1; round <= loadRounds; round++) {
    const api = await httpLoad(server.port, requests);
    const rpc = await rpcLoad(server.client, messages);
    await sleep(2000);
    snapshots.push(residentMemory(server.pid));
    console.log(`load round ${round}: ${api.done} API requests (${api.failed} failed), ${rpc.done} RPC calls (${rpc.failed} failed)`);
  }
  const mb = (rows, pid) => rows.find((row) => row.pid === pid)?.rssMb;
  const pct = (from, to) => (from && to ? `${(((to - from) / from) * 100).toFixed(1)}%` : 'gone');
  console.log('RSS per process (MB): idle, then after each load round (growth from idle, growth over the last round)');
  for (const before of idle) {
    const series = snapshots.map((rows) => mb(rows, before.pid));
    const last = series.at(-1);
    const previous = series.at(-2) ?? before.rssMb;
    console.log(
      `  ${before.title.padEnd(32)} ${[before.rssMb, ...series].map((value) => (value ?? 0).toFixed(1).padStart(6)).join(' -> ')}` +
        `  (${pct(before.rssMb, last)}, ${pct(previous, last)})`,
    );
  }
  await server.stop();
  // Measured with the server gone, so that node's shared pages are divided among as many processes as
  // they were for the server's figures (these and the benchmark itself).
  const floor = await bareNodeMemory(idle.length);
  const total = (rows, key) => rows.reduce((sum, row) => sum + row[key], 0);
  console.log(
    `idle, all ${idle.length} processes: RSS ${total(idle, 'rssMb').toFixed(1)} MB, PSS ${total(idle, 'pssMb').toFixed(1)} MB; ` +
      `the floor, ${floor.length} bare node processes (same node and options, an empty event loop): ` +
      `RSS ${total(floor, 'rssMb').toFixed(1)} MB, PSS ${total(floor, 'pssMb').toFixed(1)} MB; ` +
      `ratio RSS ${(total(idle, 'rssMb') / total(floor, 'rssMb')).toFixed(2)}, PSS ${(total(idle, 'pssMb') / total(floor, 'pssMb')).toFixed(2)}`,
  );

  // The same load on a second server whose workers report their live
  // heap (after a full GC) at idle and after each round: a leak grows it
  // round after round; warm-up (JIT code, V8 and malloc sizing their spaces)
  // grows RSS but not the live heap. Separate from the RSS run, because a
  // heap snapshot itself inflates RSS.
  const heapServer = await startServer(2, 2, { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --heapsnapshot-signal=SIGUSR2`.trim() });
  await until('the workers', () => heapServer.logHas('net-server ready'));
  await until('an RPC reply', () => heapServer.client.call({}, 'whoami', {}).then(() => true));
  await sleep(2000);
  const workers = residentMemory(heapServer.pid).filter((row) => row.pid !== heapServer.pid);
  const heaps = new Map(workers.map((row) => [row, []]));
  const sample = async () => {
    for (const [row, series] of heaps) series.push(await liveHeapMb(row.pid, root));
  };
  await sample();
  for (let round = 1; round <= loadRounds; round++) {
    await httpLoad(heapServer.port, requests);
    await rpcLoad(heapServer.client, messages);
    await sample();
  }
  console.log('live heap per worker after a full GC (MB): idle, then after each load round (growth from idle, growth over the last round)');
  for (const [row, series] of heaps) {
    console.log(
      `  ${row.title.padEnd(32)} ${series.map((value) => value.toFixed(1).padStart(6)).join(' -> ')}` +
        `  (${pct(series[0], series.at(-1))}, ${pct(series.at(-2), series.at(-1))})`,
    );
  }
  await heapServer.stop();
} finally {
  rmSync(root, { recursive: true, force: true });
  execFileSync('rabbitmqctl', ['-q', 'delete_vhost', vhost]);
}
