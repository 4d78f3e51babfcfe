import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Config, type CliOverride } from '../src/config/config.js';
import { OptionRegistry } from '../src/config/option-registry.js';
import { serverOptionGroups } from '../src/config/server-options.js';
import { DbBasePlugin } from '../src/db-base-plugin/db-base-plugin.js';
import { NeutronManager } from '../src/manager/neutron-manager.js';
import { sqliteDriverNames, type SqliteDriverName } from '../src/db/sqlite-driver.js';
import { admin, dialects, migratedDatabase, type DialectName } from './base-plugin-fixture.js';
import { makeAppRoot } from './fixtures.js';
import { tempDir } from './helpers.js';

const here = dirname(fileURLToPath(import.meta.url));
const dist = resolve(here, '../dist');
const libIndex = resolve(here, '../../lib/dist/index.js');
const worker = join(here, 'fixtures/port-creator.mjs');
// The workers run a private copy of dist, inside the package so that its dependencies resolve:
// other engineers rebuilding dist meanwhile must not pull it from under them.
const snapshot = resolve(here, `../node_modules/.cache/db-base-plugin-test-${process.pid}`);
const distIndex = join(snapshot, 'index.js');

const WORKERS = 4;

/**
 * The SQLite cases run every worker on one driver, then on both at once
 * (workers alternate): net-server's two drivers share a file through
 * SQLite's own locks, so a server whose processes resolved different
 * drivers (better-sqlite3 installed while it ran) stays consistent.
 */
type Case = { dialect: DialectName; driver?: SqliteDriverName | 'mixed' };
const cases: [string, Case][] = [
  ['sqlite (better-sqlite3)', { dialect: 'sqlite', driver: 'better-sqlite3' }],
  ['sqlite (libsql)', { dialect: 'sqlite', driver: 'libsql' }],
  ['sqlite (better-sqlite3 and libsql processes)', { dialect: 'sqlite', driver: 'mixed' }],
  ...dialects.filter((dialect) => dialect !== 'sqlite').map((dialect): [string, Case] => [dialect, { dialect }]),
];

function workerDriver(driver: Case['driver'], index: number): SqliteDriverName | undefined {
  if (driver !== 'mixed') return driver;
  return sqliteDriverNames[index % sqliteDriverNames.length];
}

interface Outcome {
  ok: boolean;
  id?: string;
  mac?: string;
  ips?: string[];
  type?: string;
  message?: string;
}

beforeAll(() => {
  if (!existsSync(libIndex)) throw new Error(`build first: ${libIndex} is missing (npx tsup --config ../../tsup.config.ts in packages/lib)`);
  // A copy taken while a rebuild is half-way does not import: take it again (bounded).
  for (let attempt = 1; ; attempt++) {
    rmSync(snapshot, { recursive: true, force: true });
    if (existsSync(join(dist, 'index.js'))) {
      cpSync(dist, snapshot, { recursive: true });
      try {
        execFileSync(process.execPath, ['--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(distIndex).href)})`], { stdio: 'ignore' });
        return;
      } catch {
        // incomplete copy
      }
    }
    if (attempt >= 20) throw new Error(`build first: ${dist} is missing or broken (npx tsup --config ../../tsup.config.ts in packages/net-server)`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
  }
});

afterAll(() => rmSync(snapshot, { recursive: true, force: true }));

interface WorkerResult {
  outcomes: Outcome[];
  retries: number;
  /** The SQLite driver the worker's database ran on. */
  driver: string | null;
}

/** Runs one worker process per request list, all starting at the same instant; bounded by a timeout. */
async function runWorkers(
  url: string,
  networkId: string,
  plans: Record<string, unknown>[][],
  driver: Case['driver'],
): Promise<{ outcomes: Outcome[]; retries: number }> {
  const startAt = Date.now() + 1500;
  const runs = plans.map(
    (requests, index) =>
      new Promise<WorkerResult>((resolvePromise, reject) => {
        const sqliteDriver = workerDriver(driver, index);
        const job = JSON.stringify({
          distIndex: pathToFileURL(distIndex).href,
          libIndex: pathToFileURL(libIndex).href,
          url,
          networkId,
          startAt,
          requests,
          sqliteDriver,
        });
        const child = spawn(process.execPath, [worker, job], { stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
        child.on('close', (code) => {
          clearTimeout(timer);
          if (code !== 0) reject(new Error(`worker exited with ${code}: ${stderr}`));
          else resolvePromise(JSON.parse(stdout) as WorkerResult);
        });
      }),
  );
  const results = await Promise.all(runs);
  // Each worker ran on the driver it was given, not on a fallback.
  expect(results.map((result) => result.driver)).toEqual(plans.map((_, index) => workerDriver(driver, index) ?? null));
  return { outcomes: results.flatMap((r) => r.outcomes), retries: results.reduce((sum, r) => sum + r.retries, 0) };
}

function countBy(values: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

describe.each(cases)('DbBasePlugin under concurrent processes on %s', (_name, { dialect, driver }) => {
  it('keeps IPs and MACs unique and loses no create when several processes allocate on one small subnet', { timeout: 180_000 }, async () => {
    const { database, url } = await migratedDatabase(dialect, driver === 'mixed' ? 'libsql' : driver);
    const plugin = new DbBasePlugin({ database });
    const network = await plugin.createNetwork(admin, { name: 'busy' });
    // 49 pool addresses (.2-.50); .60 is inside the CIDR but outside the pools.
    const subnet = await plugin.createSubnet(admin, {
      network_id: network.id,
      ip_version: 4,
      cidr: '10.0.0.0/26',
      allocation_pools: [{ start: '10.0.0.2', end: '10.0.0.50' }],
    });

    // Round 1: per worker one race for the same fixed IP, one race for the same MAC, then 10 automatic ports.
    const round1 = Array.from({ length: WORKERS }, () => [
      { fixed_ips: [{ subnet_id: subnet.id, ip_address: '10.0.0.60' }] },
      { mac_address: 'fa:16:3e:00:00:99' },
      ...Array.from({ length: 10 }, () => ({})),
    ]);
    const first = await runWorkers(url, network.id, round1, driver);
    const fixedRace = first.outcomes.filter((_, i) => i % 12 === 0);
    const macRace = first.outcomes.filter((_, i) => i % 12 === 1);
    expect(fixedRace.filter((o) => o.ok)).toHaveLength(1);
    expect(fixedRace.filter((o) => !o.ok).map((o) => o.type)).toEqual(Array(WORKERS - 1).fill('IpAddressAlreadyAllocated'));
    expect(macRace.filter((o) => o.ok)).toHaveLength(1);
    expect(macRace.filter((o) => !o.ok).map((o) => o.type)).toEqual(Array(WORKERS - 1).fill('MacAddressInUse'));
    expect(first.outcomes.filter((o, i) => i % 12 > 1 && !o.ok)).toEqual([]);

    // Round 2: more automatic ports than the 49 - 41 = 8 addresses left.
    const second = await runWorkers(
      url,
      network.id,
      Array.from({ length: WORKERS }, () => Array.from({ length: 5 }, () => ({}))),
      driver,
    );
    const created = [...first.outcomes, ...second.outcomes].filter((o) => o.ok);
    expect(second.outcomes.filter((o) => o.ok)).toHaveLength(8);
    expect(new Set(second.outcomes.filter((o) => !o.ok).map((o) => o.type))).toEqual(new Set(['IpAddressGenerationFailure']));

    // Nothing duplicated, nothing lost: what the workers were told is exactly what the database holds.
    const ips = created.flatMap((o) => o.ips ?? []);
    expect([...countBy(ips).values()].every((n) => n === 1)).toBe(true);
    expect([...countBy(created.map((o) => o.mac!)).values()].every((n) => n === 1)).toBe(true);
    const stored = await plugin.getPorts(admin, { filters: { network_id: [network.id] } });
    expect(stored.map((p) => p.id).sort()).toEqual(created.map((o) => o.id!).sort());
    expect(stored.flatMap((p) => p.fixed_ips.map((f) => f.ip_address)).sort()).toEqual([...ips].sort());
    expect(ips.filter((ip) => ip !== '10.0.0.60')).toHaveLength(49);

    console.info(
      JSON.stringify({
        dialect,
        ...(driver === undefined ? {} : { driver }),
        workers: WORKERS,
        attempts: first.outcomes.length + second.outcomes.length,
        created: created.length,
        retriedTransactions: first.retries + second.retries,
      }),
    );
  });
});

describe('DbBasePlugin as a core plugin', () => {
  it('loads through NeutronManager by its module:export spec', async () => {
    const { database } = await migratedDatabase('sqlite');
    const root = makeAppRoot(tempDir('ns-base-app-'));
    // net-server as installed, running the snapshot of dist.
    const installed = join(root, 'node_modules', 'net-server');
    mkdirSync(installed, { recursive: true });
    cpSync(resolve(here, '../package.json'), join(installed, 'package.json'));
    symlinkSync(snapshot, join(installed, 'dist'), 'dir');
    const registry = new OptionRegistry();
    registry.register(serverOptionGroups, 'net-server');
    const overrides: CliOverride[] = [{ group: 'DEFAULT', name: 'core_plugin', value: 'net-server:DbBasePlugin', flag: '--core_plugin' }];
    const manager = await NeutronManager.load({ config: Config.resolve(registry, { env: {}, overrides }), plugins: { root }, database });
    const core = manager.corePlugin as DbBasePlugin;
    expect(core.constructor.name).toBe('DbBasePlugin');
    const network = await core.createNetwork(admin, { name: 'via-manager' });
    expect(await core.getNetwork(admin, network.id, ['name'])).toEqual({ name: 'via-manager' });
    expect(manager.getPluginForResource('ports')).toBe(core);
  });
});
