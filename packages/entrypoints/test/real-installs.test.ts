import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover, ExtensionManager } from '@net-server/entrypoints';
import { removeDir, tempDir, writePackage } from './fixtures.js';

/**
 * The layouts real package managers produce, from packed tarballs (no
 * registry needed): the app depends on plugin-a@2 and plugin-b, and
 * plugin-b depends on plugin-a@1, so one copy of plugin-a is nested.
 */
const NS = 'net_server.real_install';
let work: string;
const tarballs: Record<string, string> = {};

function pack(dir: string): string {
  const file = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: dir, encoding: 'utf8' }).trim().split('\n').pop()!;
  return join(work, file);
}

beforeAll(() => {
  work = tempDir('ep-real-');
  const plugin = (version: string) => ({
    name: 'plugin-a',
    version,
    entryPoints: { [NS]: { a: './index.js:A' } },
    files: { 'index.js': `export const A = "a@${version}";\n` },
  });
  tarballs['a1'] = pack(writePackage(join(work, 'src', 'a1'), plugin('1.0.0')));
  tarballs['a2'] = pack(writePackage(join(work, 'src', 'a2'), plugin('2.0.0')));
  const b = writePackage(join(work, 'src', 'b'), {
    name: '@scoped/plugin-b',
    type: 'commonjs',
    entryPoints: { [NS]: { b: './index.js:B' } },
    files: { 'index.js': 'exports.B = "b";\n' },
  });
  const manifest = JSON.parse(readFileSync(join(b, 'package.json'), 'utf8')) as Record<string, unknown>;
  writePackage(b, { name: '@scoped/plugin-b', raw: JSON.stringify({ ...manifest, dependencies: { 'plugin-a': `file:${tarballs['a1']}` } }) });
  tarballs['b'] = pack(b);
}, 120_000);
afterAll(() => removeDir(work));

function app(name: string): string {
  return writePackage(join(work, name), { name: `app-${name}`, raw: JSON.stringify({ name: `app-${name}`, version: '1.0.0', private: true }) });
}

async function check(root: string): Promise<void> {
  const discovery = discover({ root, cache: false });
  expect(discovery.entryPoints(NS).map((entryPoint) => `${entryPoint.name} ${entryPoint.package.name}@${entryPoint.package.version}`)).toEqual([
    'a plugin-a@2.0.0',
    'b @scoped/plugin-b@1.0.0',
  ]);
  expect(discovery.shadowed.map((shadowed) => `${shadowed.package.name}@${shadowed.package.version}`)).toEqual(['plugin-a@1.0.0']);
  const manager = await ExtensionManager.load({ namespace: NS, root, cache: false });
  expect(await manager.map((extension) => extension.plugin)).toEqual(['a@2.0.0', 'b']);
}

describe('layouts made by real package managers', () => {
  it('npm', async () => {
    const root = app('npm');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', tarballs['a2']!, tarballs['b']!], { cwd: root, stdio: 'pipe' });
    await check(root);
  }, 120_000);

  it('pnpm (isolated)', async () => {
    const root = app('pnpm');
    execFileSync('npx', ['--yes', 'pnpm@10.34.9', 'add', '--silent', tarballs['a2']!, tarballs['b']!], { cwd: root, stdio: 'pipe' });
    expect(readdirSync(join(root, 'node_modules', '.pnpm')).some((dir) => dir.startsWith('plugin-a@'))).toBe(true);
    await check(root);
  }, 120_000);
});
