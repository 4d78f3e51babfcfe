#!/usr/bin/env node
// The two SQLite drivers of net-server's embedded database (better-sqlite3
// and libsql, packages/net-server/src/db/sqlite-driver.ts) compared
// statement by statement through net-server's Database (Kysely on the
// driver, WAL, synchronous=NORMAL), one connection in one process:
// inserts in one transaction, point selects, 100-row selects and
// one-statement write transactions (BEGIN IMMEDIATE ... COMMIT), plus the
// time a new process takes to load the driver and answer its first query.
// Each round runs every driver once, in alternating order; the table has
// the medians over the rounds and libsql's ratio to better-sqlite3.
// db-base-plugin.mjs measures the same drivers on whole port creates.
// Build net-server first (cd packages/net-server && npx tsup --config ../../tsup.config.ts).
// Usage: node tools/bench/sqlite-drivers.mjs [--rounds 5] [--rows 10000]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { repoRoot } from './support.mjs';

const serverDir = join(repoRoot, 'packages/net-server');
const serverIndex = pathToFileURL(join(serverDir, 'dist/index.js')).href;
const { sql } = await import(pathToFileURL(createRequire(join(serverDir, 'package.json')).resolve('kysely')).href);
const { Database } = await import(serverIndex);
const DRIVERS = ['better-sqlite3', 'libsql'];

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    rows: { type: 'string', default: '10000' },
    'first-query': { type: 'string' },
  },
});

/** Run in a new process: open a database on the driver and time its first query (loading the driver is part of it). */
async function firstQuery(driver, url) {
  const started = performance.now();
  const database = Database.open(url, { sqliteDriver: driver });
  await sql`select 1`.execute(database.db);
  const ms = performance.now() - started;
  await database.close();
  process.stdout.write(String(ms));
}

async function rates(driver, dir, rows) {
  const url = `sqlite:///${join(dir, `${driver}-${Date.now()}.sqlite`)}`;
  const database = Database.open(url, { sqliteDriver: driver });
  const { db } = database;
  await sql`create table bench (id varchar(36) primary key, name varchar(255), n integer)`.execute(db);
  const perSecond = (count, started) => Math.round(count / ((performance.now() - started) / 1000));
  let started = performance.now();
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < rows; i++)
      await tx
        .insertInto('bench')
        .values({ id: `id-${i}`, name: `name ${i}`, n: i })
        .execute();
  });
  const inserts = perSecond(rows, started);
  started = performance.now();
  for (let i = 0; i < rows; i++) await db.selectFrom('bench').selectAll().where('id', '=', `id-${i}`).execute();
  const pointSelects = perSecond(rows, started);
  const scans = Math.max(1, Math.floor(rows / 100));
  started = performance.now();
  for (let i = 0; i < scans; i++)
    await db
      .selectFrom('bench')
      .selectAll()
      .where('n', '>=', (i * 100) % rows)
      .limit(100)
      .execute();
  const rowsRead = perSecond(scans * 100, started);
  const writes = Math.max(1, Math.floor(rows / 5));
  started = performance.now();
  for (let i = 0; i < writes; i++) {
    await sql`begin immediate`.execute(db);
    await db.updateTable('bench').set({ n: i }).where('id', '=', `id-${i}`).execute();
    await sql`commit`.execute(db);
  }
  const writeTransactions = perSecond(writes, started);
  await database.close();
  const firstQueryMs = Number(
    execFileSync(
      process.execPath,
      [fileURLToPath(import.meta.url), '--first-query', JSON.stringify({ driver, url: `sqlite:///${join(dir, `first-${driver}.sqlite`)}` })],
      { encoding: 'utf8' },
    ),
  );
  return {
    'inserts/s (one txn)': inserts,
    'point selects/s': pointSelects,
    'rows/s (100-row selects)': rowsRead,
    'write txns/s': writeTransactions,
    'new process: first query ms': Math.round(firstQueryMs),
  };
}

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];

if (values['first-query']) {
  const { driver, url } = JSON.parse(values['first-query']);
  await firstQuery(driver, url);
} else {
  const rounds = Number(values.rounds);
  const rows = Number(values.rows);
  const dir = mkdtempSync(join(tmpdir(), 'ns-bench-sqlite-'));
  const samples = new Map(DRIVERS.map((driver) => [driver, []]));
  try {
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? DRIVERS : [...DRIVERS].reverse();
      for (const driver of order) samples.get(driver).push(await rates(driver, dir, rows));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const table = {};
  for (const [driver, list] of samples) {
    table[driver] = Object.fromEntries(Object.keys(list[0]).map((key) => [key, median(list.map((sample) => sample[key]))]));
  }
  table['libsql / better-sqlite3'] = Object.fromEntries(
    Object.keys(table['libsql']).map((key) => [key, (table['libsql'][key] / table['better-sqlite3'][key]).toFixed(2)]),
  );
  console.log(`median of ${rounds} rounds, ${rows} rows`);
  console.table(table);
}
