import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { ml2Db } from '@net-server/ml2';
import { createMysqlTestDatabase } from '../../net-server/test/mysql.js';
import { createTestDatabase } from '../../net-server/test/postgres.js';
import { ensureBuilt } from './built.js';
import { appWithPackages, migratedDatabase, packageDir } from './helpers.js';

beforeAll(() => ensureBuilt(), 180_000);

const run = promisify(execFile);
const WORKER = join(packageDir, 'test/fixtures/allocate-worker.mjs');
const PROCESSES = 4;

interface WorkerResult {
  allocated: { network: string; type: string; id: number }[];
  refused: string[];
}

async function allocateFromProcesses(url: string, ini: string, perProcess: number): Promise<WorkerResult> {
  const app = appWithPackages();
  const results = await Promise.all(
    Array.from({ length: PROCESSES }, async () => {
      const { stdout } = await run(process.execPath, [WORKER, url, String(perProcess), '3', app], {
        env: { ...process.env, ML2_INI: ini },
        timeout: 60_000,
      });
      return JSON.parse(stdout) as WorkerResult;
    }),
  );
  return { allocated: results.flatMap((r) => r.allocated), refused: results.flatMap((r) => r.refused) };
}

describe.each([
  ['SQLite', async () => migratedDatabase()],
  ['PostgreSQL', async () => migratedDatabase(await createTestDatabase())],
  ['MariaDB', async () => migratedDatabase(await createMysqlTestDatabase())],
])('tenant segments from %s shared by several server processes', (_name, open) => {
  it('hands every segment to one network only', async () => {
    const { database, url } = await open();
    const ini = '[ml2]\ntenant_network_types = vxlan\n[ml2_type_vxlan]\nvni_ranges = 1:1000';
    const { allocated, refused } = await allocateFromProcesses(url, ini, 40);
    expect(refused).toEqual([]);
    expect(allocated).toHaveLength(PROCESSES * 40);
    expect(new Set(allocated.map((a) => a.id)).size).toBe(allocated.length);
    const rows = await ml2Db(database).selectFrom('ml2_segment_allocations').select('segmentation_id').execute();
    expect(rows).toHaveLength(allocated.length);
  });

  it('stops at the end of the range without handing out an id twice', async () => {
    const { database, url } = await open();
    const ini = '[ml2]\ntenant_network_types = vlan\n[ml2_type_vlan]\nnetwork_vlan_ranges = physnet1:10:39';
    const { allocated, refused } = await allocateFromProcesses(url, ini, 12);
    expect(allocated.length + refused.length).toBe(PROCESSES * 12);
    expect(allocated.length).toBeLessThanOrEqual(30);
    expect(refused.length).toBeGreaterThanOrEqual(PROCESSES * 12 - 30);
    expect(new Set(allocated.map((a) => a.id)).size).toBe(allocated.length);
    expect(allocated.every((a) => a.type === 'vlan' && a.id >= 10 && a.id <= 39)).toBe(true);
    const segments = await ml2Db(database).selectFrom('ml2_network_segments').select(['network_id', 'segmentation_id']).execute();
    expect(segments.map((s) => s.network_id).sort()).toEqual(allocated.map((a) => a.network).sort());
  });
});
