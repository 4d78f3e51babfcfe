#!/usr/bin/env node
// Port creation throughput of net-server's DbBasePlugin (MAC + IPAM +
// transaction with retries), in 1 and N processes on one SQLite file, on
// one PostgreSQL database and on one MySQL (MariaDB) database, beside a
// same-run baseline: the same number of
// write transactions through the same TransactionRunner that each insert
// one row (the floor any port create pays). SQLite is measured on each
// driver named by --sqlite-drivers (better-sqlite3, libsql: see
// packages/net-server/src/db/sqlite-driver.ts).
// Build net-server first (cd packages/net-server && npx tsup --config ../../tsup.config.ts).
// Usage: node tools/bench/db-base-plugin.mjs [--ports 300] [--workers 4] [--postgres postgresql://postgres@127.0.0.1:5432|none]
//        [--mysql mysql+pymysql://net_server_test:net_server_test@127.0.0.1:3306|none] [--sqlite-drivers better-sqlite3,libsql]
// (--mysql's account must be allowed to create and drop databases named ns_test_*: .ci/run's test account is.)
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const self = fileURLToPath(import.meta.url);
const serverDir = resolve(dirname(self), '../../packages/net-server');
const serverIndex = pathToFileURL(join(serverDir, 'dist/index.js')).href;
const libIndex = pathToFileURL(resolve(serverDir, '../lib/dist/index.js')).href;
const requireFromServer = createRequire(join(serverDir, 'package.json'));
const { sql } = await import(pathToFileURL(requireFromServer.resolve('kysely')).href);
const { Database, DbBasePlugin, Migrator, TransactionRunner, coreMigrations } = await import(serverIndex);
const { Context, silentLogger } = await import(libIndex);
const admin = new Context({ projectId: 'bench', roles: ['admin'] });

async function workerMain(job) {
  const database = Database.open(job.url, job.driver ? { sqliteDriver: job.driver } : {});
  const plugin = new DbBasePlugin({ database });
  const runner = new TransactionRunner(database, silentLogger);
  // All workers start together, after their imports: process start-up is not measured.
  await new Promise((resolveWait) => setTimeout(resolveWait, Math.max(0, job.startAt - Date.now())));
  if (job.kind === 'ports') {
    for (let i = 0; i < job.count; i++) await plugin.createPort(admin, { network_id: job.networkId });
  } else {
    for (let i = 0; i < job.count; i++) {
      await runner.write(admin, (session) => sql`insert into bench_rows (id) values (${randomBytes(16).toString('hex')})`.execute(session.db));
    }
  }
  const seconds = (Date.now() - job.startAt) / 1000;
  await database.close();
  process.stdout.write(JSON.stringify({ seconds }));
}

function runWorker(job) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [self, '--worker', JSON.stringify(job)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('close', (code) => (code === 0 ? resolvePromise(JSON.parse(out)) : reject(new Error(`worker exited ${code}`))));
  });
}

async function measure(url, driver, kind, networkId, workers, total) {
  const per = Math.ceil(total / workers);
  const startAt = Date.now() + 2000;
  const results = await Promise.all(Array.from({ length: workers }, () => runWorker({ url, driver, kind, networkId, count: per, startAt })));
  return Math.round((per * workers) / Math.max(...results.map((r) => r.seconds)));
}

async function benchOne(label, url, ports, workers, driver) {
  const database = Database.open(url, driver ? { sqliteDriver: driver } : {});
  await new Migrator(database, [{ packageName: 'net-server', migrations: coreMigrations }]).upgrade();
  await sql`create table bench_rows (id varchar(32) primary key)`.execute(database.db);
  const plugin = new DbBasePlugin({ database });
  const network = await plugin.createNetwork(admin, { name: 'bench' });
  await plugin.createSubnet(admin, { network_id: network.id, ip_version: 4, cidr: '10.0.0.0/16' });
  await database.close();
  const rows = [];
  for (const n of [1, workers]) {
    const baseline = await measure(url, driver, 'rows', network.id, n, ports);
    const created = await measure(url, driver, 'ports', network.id, n, ports);
    rows.push({ database: label, processes: n, 'port creates/s': created, 'baseline write txns/s': baseline, ratio: (created / baseline).toFixed(2) });
  }
  return rows;
}

const { values } = parseArgs({
  options: {
    worker: { type: 'string' },
    ports: { type: 'string', default: '300' },
    workers: { type: 'string', default: '4' },
    postgres: { type: 'string', default: 'postgresql://postgres@127.0.0.1:5432' },
    mysql: { type: 'string', default: 'mysql+pymysql://net_server_test:net_server_test@127.0.0.1:3306' },
    'sqlite-drivers': { type: 'string', default: 'better-sqlite3,libsql' },
  },
});

if (values.worker) {
  await workerMain(JSON.parse(values.worker));
} else {
  const ports = Number(values.ports);
  const workers = Number(values.workers);
  const dir = mkdtempSync(join(tmpdir(), 'ns-bench-db-'));
  const results = [];
  try {
    for (const driver of values['sqlite-drivers'].split(',').filter(Boolean)) {
      results.push(...(await benchOne(`sqlite (${driver})`, `sqlite:///${join(dir, `bench-${driver}.sqlite`)}`, ports, workers, driver)));
    }
    if (values.postgres !== 'none') {
      const name = `ns_bench_${randomBytes(4).toString('hex')}`;
      const adminDb = Database.open(`${values.postgres}/postgres`);
      await sql.raw(`create database ${name}`).execute(adminDb.db);
      try {
        results.push(...(await benchOne('postgres', `${values.postgres}/${name}`, ports, workers)));
      } finally {
        await sql.raw(`drop database if exists ${name} with (force)`).execute(adminDb.db);
        await adminDb.close();
      }
    }
    if (values.mysql !== 'none') {
      const name = `ns_test_bench_${randomBytes(4).toString('hex')}`;
      // Any account may connect to information_schema: the admin connection needs a database to name.
      const adminDb = Database.open(`${values.mysql}/information_schema`);
      await sql.raw(`create database ${name}`).execute(adminDb.db);
      try {
        results.push(...(await benchOne('mysql (MariaDB)', `${values.mysql}/${name}`, ports, workers)));
      } finally {
        await sql.raw(`drop database if exists ${name}`).execute(adminDb.db);
        await adminDb.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.table(results);
}
