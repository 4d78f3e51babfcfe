#!/usr/bin/env node
// Several servers on one database: starts N `net-server start` processes
// (built dist, one process each, their own host names and ports) on one
// fresh PostgreSQL database and one RabbitMQ vhost, and measures port
// creates/s with C clients sending requests round-robin across them, for
// each N of --servers (a new database and vhost each), then checks every
// port got a distinct IP and MAC. Prints the rates and each one's ratio to
// the first, and the CPU the timed phase used: the servers' own and the
// machine's (servers, PostgreSQL, broker). A rate can grow with servers
// only while the machine has idle cores: on 2 cores, N servers reach at
// most 2 / (the machine's busy cores with one) times one server's rate.
// tools/e2e's multi-server test checks correctness; this measures. Every
// phase is bounded in count and time.
// Needs `npx --yes pnpm@10.34.9 build`, PostgreSQL on 127.0.0.1:5432 (trust) and RabbitMQ (rabbitmqctl).
// Usage: node tools/bench/multi-server.mjs [--servers 1,3] [--ports 1000] [--clients 8]
//        [--core ml2|db] [--pool 5] [--seconds 120]
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { processCpuSeconds } from './support.mjs';
import { freePort } from '../vitest/free-port.mjs';

const { values } = parseArgs({
  options: {
    servers: { type: 'string', default: '1,3' },
    ports: { type: 'string', default: '1000' },
    clients: { type: 'string', default: '8' },
    core: { type: 'string', default: 'ml2' },
    pool: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '120' },
  },
});
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const bin = join(repo, 'packages/net-server/dist/bin.js');
const pg = createRequire(join(repo, 'packages/net-server/package.json'))('pg');
const sizes = values.servers.split(',').map((n) => Math.max(1, Math.min(Number(n), 8)));
const ports = Math.max(10, Math.min(Number(values.ports), 16_000));
const clients = Math.max(1, Math.min(Number(values.clients), 64));
const pool = Math.max(1, Math.min(Number(values.pool), 100));
const phaseMs = Math.max(10, Math.min(Number(values.seconds), 600)) * 1000;
if (values.core !== 'ml2' && values.core !== 'db') throw new Error('--core is ml2 or db');
const headers = { 'x-project-id': 'bench', 'x-roles': 'admin,member', 'content-type': 'application/json' };
const run = promisify(execFile);

/** The machine's CPU time since boot, in ticks: all of it, and the idle part. */
function machineTicks() {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return { total: fields.reduce((sum, n) => sum + n, 0), idle: fields[3] + fields[4] };
}

async function api(url, method, path, body) {
  const response = await fetch(`${url}${path}`, { method, headers, ...(body ? { body: JSON.stringify(body) } : {}), signal: AbortSignal.timeout(60_000) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} at ${url} -> ${response.status} ${text}`);
  return text === '' ? undefined : JSON.parse(text);
}

async function onPostgres(sql) {
  const client = new pg.Client({ connectionString: 'postgresql://postgres@127.0.0.1:5432/postgres' });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function configuration({ host, port, dir, databaseUrl, transportUrl }) {
  const ml2 = values.core === 'ml2';
  return [
    '[DEFAULT]',
    `host = ${host}`,
    `core_plugin = ${ml2 ? 'ml2' : 'net-server:DbBasePlugin'}`,
    `service_plugins = ${ml2 ? 'router' : ''}`,
    'bind_host = 127.0.0.1',
    `bind_port = ${port}`,
    'api_workers = 0',
    'rpc_workers = 0',
    'rpc_state_report_workers = 0',
    `transport_url = ${transportUrl}`,
    `state_path = ${join(dir, `${host}-state`)}`,
    '[database]',
    `connection = ${databaseUrl}`,
    `max_pool_size = ${pool}`,
    '[QUOTAS]',
    'quota_network = -1',
    'quota_port = -1',
    ...(ml2
      ? ['[ml2]', 'type_drivers = vxlan', 'tenant_network_types = vxlan', 'mechanism_drivers = openvswitch', '[ml2_type_vxlan]', 'vni_ranges = 1:1000']
      : []),
    '',
  ].join('\n');
}

/** Port creates/s through `count` servers on a database and vhost of their own. */
async function bench(count) {
  const dir = mkdtempSync(join(tmpdir(), 'ns-bench-multi-'));
  const database = `ns_bench_multi_${randomBytes(5).toString('hex')}`;
  const vhost = `ns-bench-multi-${randomBytes(5).toString('hex')}`;
  const servers = [];
  let vhostMade = false;
  let databaseMade = false;
  try {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bench-multi-app', version: '1.0.0', private: true }));
    for (const [name, folder] of [
      ['net-server', 'net-server'],
      ['@net-server/ml2', 'ml2'],
      ['@net-server/l3', 'l3'],
      ['@net-server/rpc-rabbit', 'rpc-rabbit'],
    ]) {
      const link = join(dir, 'node_modules', name);
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(join(repo, 'packages', folder), link, 'dir');
    }
    await onPostgres(`create database ${database}`);
    databaseMade = true;
    await run('rabbitmqctl', ['-q', 'add_vhost', vhost], { timeout: 60_000 });
    vhostMade = true;
    await run('rabbitmqctl', ['-q', 'set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*'], { timeout: 60_000 });
    const common = { dir, databaseUrl: `postgresql://postgres@127.0.0.1:5432/${database}`, transportUrl: `rabbit://guest:guest@127.0.0.1:5672/${vhost}` };
    const env = { PATH: process.env.PATH, HOME: dir, NODE_PATH: '', NET_SERVER_LOG_LEVEL: 'warn' };
    for (let index = 1; index <= count; index++) {
      const host = `bench-server-${index}`;
      const port = await freePort();
      const config = join(dir, `${host}.conf`);
      writeFileSync(config, configuration({ ...common, host, port }));
      if (index === 1) await run(process.execPath, [bin, 'db', 'upgrade', '--config-file', config], { cwd: dir, env, timeout: phaseMs });
      const log = join(dir, `${host}.log`);
      const child = spawn(process.execPath, [bin, 'start', '--config-file', config], {
        cwd: dir,
        env,
        detached: true,
        stdio: ['ignore', 'ignore', openSync(log, 'w')],
      });
      servers.push({ url: `http://127.0.0.1:${port}`, child, log });
    }
    for (const server of servers) {
      const deadline = Date.now() + phaseMs;
      while (
        (await fetch(`${server.url}/v2.0/networks`, { headers }).then(
          (r) => r.status,
          () => 0,
        )) !== 200
      ) {
        if (server.child.exitCode !== null) throw new Error(`a server exited: ${readFileSync(server.log, 'utf8').slice(-2000)}`);
        if (Date.now() > deadline) throw new Error(`a server did not answer within ${phaseMs} ms`);
        await new Promise((done) => setTimeout(done, 50));
      }
    }
    const first = servers[0].url;
    const { network } = await api(first, 'POST', '/v2.0/networks', { network: { name: 'bench' } });
    await api(first, 'POST', '/v2.0/subnets', { subnet: { network_id: network.id, cidr: '10.0.0.0/18', ip_version: 4, enable_dhcp: false } });
    let turn = 0;
    const create = () => api(servers[turn++ % servers.length].url, 'POST', '/v2.0/ports', { port: { network_id: network.id } });
    // Warm every server's caches and connections first.
    for (let i = 0; i < 10 * count; i++) await create();
    let next = 0;
    let created = 0;
    const deadline = Date.now() + phaseMs;
    const machineBefore = machineTicks();
    const serversBefore = servers.reduce((sum, server) => sum + processCpuSeconds(server.child.pid), 0);
    const began = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (next < ports && Date.now() < deadline) {
          next += 1;
          await create();
          created += 1;
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - began) / 1e9;
    const machineAfter = machineTicks();
    const serverSeconds = servers.reduce((sum, server) => sum + processCpuSeconds(server.child.pid), 0) - serversBefore;
    const elapsed = machineAfter.total - machineBefore.total;
    const cpu = {
      serverCores: Math.round((serverSeconds / seconds) * 100) / 100,
      machineBusyCores: Math.round(((elapsed - (machineAfter.idle - machineBefore.idle)) / elapsed) * availableParallelism() * 100) / 100,
      machineCores: availableParallelism(),
    };
    const listed = await api(first, 'GET', `/v2.0/ports?network_id=${network.id}&fields=fixed_ips&fields=mac_address`);
    const ips = new Set(listed.ports.flatMap((p) => p.fixed_ips.map((f) => f.ip_address)));
    const macs = new Set(listed.ports.map((p) => p.mac_address));
    if (ips.size !== listed.ports.length || macs.size !== listed.ports.length)
      throw new Error(`${listed.ports.length} ports, ${ips.size} distinct IPs, ${macs.size} distinct MACs`);
    return { servers: count, ports: created, seconds: Math.round(seconds * 10) / 10, portCreatesPerSecond: Math.round(created / seconds), cpu };
  } finally {
    for (const server of servers) if (server.child.exitCode === null) process.kill(-server.child.pid, 'SIGKILL');
    if (vhostMade) await run('rabbitmqctl', ['-q', 'delete_vhost', vhost], { timeout: 60_000 });
    if (databaseMade) await onPostgres(`drop database if exists ${database} with (force)`);
    rmSync(dir, { recursive: true, force: true });
  }
}

const runs = [];
for (const count of sizes) runs.push(await bench(count));
const base = runs[0].portCreatesPerSecond;
for (const result of runs) result.ratio = Math.round((result.portCreatesPerSecond / base) * 100) / 100;
const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
console.log(JSON.stringify({ benchmark: 'multi-server', core: values.core, clients, pool, loadAverage: load, runs }));
