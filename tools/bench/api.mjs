#!/usr/bin/env node
// REST API benchmark: starts the real `net-server start` (built dist) with
// the DB base plugin as core plugin, on SQLite, PostgreSQL and MySQL (the
// local MariaDB, through .ci/run's test account), and measures
//   - start-to-first-200: spawn until GET /v2.0/networks answers 200;
//   - port create throughput with N concurrent clients on one /16 subnet,
//     then checks every port got a distinct IP, and the CPU a create took in
//     the server's processes, the database server's and this client; the
//     rate of the second half of the creates, once the workers' JIT is warm;
//   - GET /v2.0/ports p50/p99 with that many ports (1,000 by default).
// Every phase is bounded in count and in time. Needs built packages
// (`npx tsup --config ../../tsup.config.ts` in packages/lib, entrypoints, rpc, rpc-rabbit, net-server).
// Usage: node tools/bench/api.mjs [--db sqlite,postgres,mysql] [--ports 1000] [--clients 8] [--lists 200]
//        [--workers 0] [--seconds 120] [--pg-host 127.0.0.1 | /var/run/postgresql]
//        [--node-options="<flags for the server's node, e.g. --optimize-for-size>"]
import { spawn, execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Agent, createServer as createHttpServer, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuSeconds, percentile } from './support.mjs';
import { parseArgs, promisify } from 'node:util';
import { freePort } from '../vitest/free-port.mjs';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite,postgres,mysql' },
    ports: { type: 'string', default: '1000' },
    clients: { type: 'string', default: '8' },
    lists: { type: 'string', default: '200' },
    workers: { type: 'string', default: '0' },
    'pg-host': { type: 'string', default: '127.0.0.1' },
    seconds: { type: 'string', default: '120' },
    'node-options': { type: 'string', default: '' },
  },
});
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const serverPackage = join(repo, 'packages/net-server');
const bin = join(serverPackage, 'dist/bin.js');
const pg = createRequire(join(serverPackage, 'package.json'))('pg');
const mysql = createRequire(join(serverPackage, 'package.json'))('mysql2/promise');
const MYSQL_ACCOUNT = { host: '127.0.0.1', port: 3306, user: 'net_server_test', password: 'net_server_test' };
const ports = Math.max(10, Math.min(Number(values.ports), 20_000));
const clients = Math.max(1, Math.min(Number(values.clients), 64));
const lists = Math.max(10, Math.min(Number(values.lists), 5_000));
const workers = Math.max(0, Math.min(Number(values.workers), 16));
const phaseMs = Math.max(10, Math.min(Number(values.seconds), 600)) * 1000;
// Given to the server's master, which passes them on to its forked workers.
const serverNodeOptions = values['node-options'].split(/\s+/).filter(Boolean);
const project = { 'x-project-id': 'bench', 'x-roles': 'member', 'content-type': 'application/json' };

/**
 * The floor of a list: node:http serialising the same list from memory for
 * each request and the same client fetching and parsing it, in this run.
 */
async function listFloor(list, samples) {
  const server = createHttpServer((_request, response) => {
    const text = JSON.stringify(list);
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    response.end(text);
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const floorUrl = `http://127.0.0.1:${server.address().port}`;
  try {
    const latencies = [];
    for (let i = 0; i < samples; i += 1) {
      const t = process.hrtime.bigint();
      await api(floorUrl, 'GET', '/v2.0/ports');
      latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    latencies.sort((a, b) => a - b);
    return percentile(latencies, 50);
  } finally {
    await new Promise((done) => server.close(done));
  }
}

// node:http over kept-alive connections: fetch (undici) took 3-4 ms of CPU a
// request, a third of what a port create costs the server, from the same two cores.
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function api(url, method, path, body) {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers = payload === undefined ? project : { ...project, 'content-length': Buffer.byteLength(payload) };
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${url}${path}`, { method, headers, agent }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        if (response.statusCode < 200 || response.statusCode > 299) reject(new Error(`${method} ${path} -> ${response.statusCode} ${text}`));
        else resolve(text === '' ? undefined : JSON.parse(text));
      });
    });
    request.on('error', reject);
    request.end(payload);
  });
}

async function postgresDatabase() {
  const name = `ns_bench_${randomBytes(5).toString('hex')}`;
  const admin = async (sql) => {
    const client = new pg.Client({ connectionString: 'postgresql://postgres@127.0.0.1:5432/postgres' });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  // A directory for --pg-host is the server's Unix socket, as libpq reads a URL without a host.
  const pgHost = values['pg-host'];
  const url = pgHost.startsWith('/') ? `postgresql://postgres@/${name}?host=${encodeURIComponent(pgHost)}` : `postgresql://postgres@${pgHost}:5432/${name}`;
  return { url, drop: () => admin(`drop database if exists ${name} with (force)`) };
}

async function mysqlDatabase() {
  // ns_test_*: the names .ci/run's test account may create and drop.
  const name = `ns_test_bench_${randomBytes(5).toString('hex')}`;
  const admin = async (sql) => {
    const connection = await mysql.createConnection(MYSQL_ACCOUNT);
    try {
      await connection.query(sql);
    } finally {
      await connection.end();
    }
  };
  await admin(`create database ${name}`);
  const { user, password, host, port } = MYSQL_ACCOUNT;
  return { url: `mysql+pymysql://${user}:${password}@${host}:${port}/${name}`, drop: () => admin(`drop database if exists ${name}`) };
}

async function bench(dialect) {
  // An application directory with net-server installed, as a user's would be.
  const dir = mkdtempSync(join(tmpdir(), 'ns-bench-api-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bench-app', version: '1.0.0', private: true }));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(serverPackage, join(dir, 'node_modules', 'net-server'), 'dir');
  const database =
    dialect === 'sqlite'
      ? { url: `sqlite:///${join(dir, 'db.sqlite')}`, drop: async () => {} }
      : dialect === 'mysql'
        ? await mysqlDatabase()
        : await postgresDatabase();
  const port = await freePort();
  const config = join(dir, 'net-server.conf');
  writeFileSync(
    config,
    [
      '[DEFAULT]',
      'core_plugin = net-server:DbBasePlugin',
      'bind_host = 127.0.0.1',
      `bind_port = ${port}`,
      `api_workers = ${workers}`,
      'rpc_workers = 0',
      'rpc_state_report_workers = 0',
      `state_path = ${dir}`,
      '[database]',
      `connection = ${database.url}`,
      // Limits above what the run creates: enforced and counted on every create, as neutron's are, but never reached.
      '[QUOTAS]',
      'quota_network = 1000000',
      'quota_port = 1000000',
      '',
    ].join('\n'),
  );
  const env = { ...process.env, NET_SERVER_LOG_LEVEL: 'warn' };
  await promisify(execFile)(process.execPath, [bin, 'db', 'upgrade', '--config-file', config], { cwd: dir, env });
  const url = `http://127.0.0.1:${port}`;
  const spawned = process.hrtime.bigint();
  // The server's logs (one access line per request) go to a file, shown if the run fails.
  const log = join(dir, 'server.log');
  const server = spawn(process.execPath, [...serverNodeOptions, bin, 'start', '--config-file', config], {
    cwd: dir,
    env,
    stdio: ['ignore', 'ignore', openSync(log, 'w')],
  });
  try {
    let startMs;
    const startDeadline = Date.now() + phaseMs;
    while (startMs === undefined) {
      if (server.exitCode !== null) throw new Error(`server exited with status ${server.exitCode}`);
      if (Date.now() > startDeadline) throw new Error(`server did not answer within ${phaseMs} ms`);
      const status = await fetch(`${url}/v2.0/networks`, { headers: project }).then(
        (r) => r.status,
        () => 0,
      );
      if (status === 200) startMs = Number(process.hrtime.bigint() - spawned) / 1e6;
      else if (status !== 0) throw new Error(`GET /v2.0/networks answered ${status} at start`);
      else await new Promise((done) => setTimeout(done, 10));
    }

    const { network } = await api(url, 'POST', '/v2.0/networks', { network: { name: 'bench' } });
    await api(url, 'POST', '/v2.0/subnets', { subnet: { network_id: network.id, cidr: '10.0.0.0/16', ip_version: 4 } });
    let created = 0;
    let next = 0;
    const createDeadline = Date.now() + phaseMs;
    const databaseNames = { sqlite: [], postgres: ['postgres'], mysql: ['mariadbd', 'mysqld'] }[dialect];
    const cpuBefore = { ...cpuSeconds(server.pid, databaseNames), client: process.cpuUsage() };
    const began = process.hrtime.bigint();
    // The first creates also pay for each worker's JIT compiling its hot code; the second half's rate is the warm server's.
    const half = Math.ceil(ports / 2);
    let halfAt = began;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (next < ports && Date.now() < createDeadline) {
          next += 1;
          await api(url, 'POST', '/v2.0/ports', { port: { network_id: network.id } });
          created += 1;
          if (created === half) halfAt = process.hrtime.bigint();
        }
      }),
    );
    const ended = process.hrtime.bigint();
    const createSeconds = Number(ended - began) / 1e9;
    const secondHalfSeconds = Number(ended - halfAt) / 1e9;
    const cpuAfter = cpuSeconds(server.pid, databaseNames);
    const clientCpu = process.cpuUsage(cpuBefore.client);
    // Where a create's CPU went: the server's processes, the database server's, this client's (HTTP and JSON).
    const cpuMs = (seconds) => Math.round(((seconds * 1000) / Math.max(created, 1)) * 100) / 100;
    const cpuPerCreate = {
      server: cpuMs(cpuAfter.server - cpuBefore.server),
      database: cpuMs(cpuAfter.database - cpuBefore.database),
      client: cpuMs((clientCpu.user + clientCpu.system) / 1e6),
    };
    const listed = await api(url, 'GET', `/v2.0/ports?network_id=${network.id}&fields=fixed_ips`);
    const ips = new Set(listed.ports.flatMap((p) => p.fixed_ips.map((f) => f.ip_address)));
    if (listed.ports.length !== created || ips.size !== created) {
      throw new Error(`expected ${created} ports with distinct IPs, found ${listed.ports.length} ports and ${ips.size} IPs`);
    }

    const latencies = [];
    const listDeadline = Date.now() + phaseMs;
    for (let i = 0; i < lists && Date.now() < listDeadline; i += 1) {
      const t = process.hrtime.bigint();
      const body = await api(url, 'GET', '/v2.0/ports');
      latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (body.ports.length !== created) throw new Error(`list returned ${body.ports.length} ports, not ${created}`);
    }
    latencies.sort((a, b) => a - b);
    const floor = await listFloor(await api(url, 'GET', '/v2.0/ports'), latencies.length);
    return {
      dialect,
      apiWorkers: workers,
      serverNodeOptions,
      startToFirst200Ms: Math.round(startMs),
      portCreates: created,
      clients,
      portCreatesPerSecond: Math.round((created / createSeconds) * 10) / 10,
      secondHalfCreatesPerSecond: created > half ? Math.round(((created - half) / secondHalfSeconds) * 10) / 10 : null,
      cpuMsPerCreate: cpuPerCreate,
      coresBusyCreating: Math.round((((cpuPerCreate.server + cpuPerCreate.database + cpuPerCreate.client) * created) / 1000 / createSeconds) * 100) / 100,
      distinctIps: ips.size,
      listPortsCount: created,
      listSamples: latencies.length,
      listP50Ms: Math.round(percentile(latencies, 50) * 10) / 10,
      listP99Ms: Math.round(percentile(latencies, 99) * 10) / 10,
      floorListP50Ms: Math.round(floor * 10) / 10,
      listVsFloor: Math.round((percentile(latencies, 50) / floor) * 100) / 100,
    };
  } catch (error) {
    process.stderr.write(readFileSync(log, 'utf8').split('\n').slice(-20).join('\n'));
    throw error;
  } finally {
    server.kill('SIGTERM');
    await new Promise((done) => (server.exitCode !== null ? done() : server.once('exit', done)));
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const results = [];
for (const dialect of values.db
  .split(',')
  .map((d) => d.trim())
  .filter(Boolean)) {
  if (!['sqlite', 'postgres', 'mysql'].includes(dialect)) throw new Error(`--db takes sqlite, postgres and/or mysql, not ${dialect}`);
  results.push(await bench(dialect));
}
console.log(JSON.stringify(results, null, 2));
