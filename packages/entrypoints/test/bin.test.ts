import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { install, removeDir, tempDir } from './fixtures.js';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const NS = 'net_server.bin_test';
let root: string;

async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args], { env: { ...process.env, NET_SERVER_ENTRYPOINTS_CACHE: '0' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

beforeAll(() => {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: build the package first (pnpm build)`);
  root = tempDir();
  const nm = join(root, 'node_modules');
  install(nm, { name: 'good-plugin', version: '2.1.0', entryPoints: { [NS]: { good: './good.js:Good' } }, files: { 'good.js': 'export class Good {}' } });
  install(nm, { name: 'bad-plugin', entryPoints: { [NS]: { bad: './bad.js:Bad' } }, files: { 'bad.js': 'throw new Error("bad import")' } });
  install(nm, { name: 'broken-json', raw: `{"name": "broken-json", "entryPoints": {"${NS}": ` });
});
afterAll(() => removeDir(root));

describe('net-server-entrypoints list', () => {
  it('--json prints one array with exactly the documented keys', async () => {
    const { code, stdout } = await run('list', NS, '--root', root, '--json');
    expect(code).toBe(1);
    const rows = JSON.parse(stdout) as Array<Record<string, unknown>>;
    expect(rows).toEqual([
      { namespace: NS, name: 'bad', value: './bad.js:Bad', package: 'bad-plugin', version: '1.0.0', path: join(root, 'node_modules', 'bad-plugin') },
      { namespace: NS, name: 'good', value: './good.js:Good', package: 'good-plugin', version: '2.1.0', path: join(root, 'node_modules', 'good-plugin') },
      {
        namespace: null,
        name: null,
        value: null,
        package: '(unknown)',
        version: null,
        path: join(root, 'node_modules', 'broken-json', 'package.json'),
        error: expect.stringContaining('package.json is not valid JSON'),
      },
    ]);
  });

  it('--load reports which entry points import', async () => {
    const { stdout } = await run('list', NS, '--root', root, '--json', '--load');
    const rows = JSON.parse(stdout) as Array<Record<string, unknown>>;
    expect(rows.find((row) => row['name'] === 'bad')!['error']).toContain('bad import');
    expect(rows.find((row) => row['name'] === 'good')).not.toHaveProperty('error');
  });

  it('prints a readable listing, exits 0 when everything is usable', async () => {
    const clean = tempDir();
    try {
      install(join(clean, 'node_modules'), {
        name: 'good-plugin',
        version: '2.1.0',
        entryPoints: { [NS]: { good: './good.js:Good' } },
        files: { 'good.js': 'export class Good {}' },
      });
      const { code, stdout } = await run('list', '--root', clean, '--load');
      expect(code).toBe(0);
      expect(stdout).toContain(`${NS}\n  good = ./good.js:Good  good-plugin@2.1.0  ${join(clean, 'node_modules', 'good-plugin')}  [loaded]`);
    } finally {
      removeDir(clean);
    }
  });

  it('has complete help and clear usage errors', async () => {
    const help = await run('--help');
    expect(help.code).toBe(0);
    for (const text of ['--root', '--path', '--load', '--json', '--no-cache', 'NET_SERVER_ENTRYPOINTS_CACHE', 'Exit status'])
      expect(help.stdout).toContain(text);
    const bad = await run('list', '--bogus');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Unknown option '--bogus'");
    expect((await run('frobnicate')).code).toBe(2);
  });
});
