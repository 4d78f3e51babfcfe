import { readdirSync, readFileSync, rmSync, utimesSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discover, refresh } from '@net-server/entrypoints';
import { install, link, pnpmInstall, removeDir, tempDir, writeFile, writePackage } from './fixtures.js';

const NS = 'net_server.cached';
let root: string;
let cacheDir: string;

beforeEach(() => {
  root = tempDir();
  cacheDir = tempDir('ep-cache-');
  process.env['NET_SERVER_ENTRYPOINTS_CACHE_DIR'] = cacheDir;
  delete process.env['NET_SERVER_ENTRYPOINTS_CACHE'];
  refresh();
});
afterEach(() => {
  removeDir(root);
  removeDir(cacheDir);
  delete process.env['NET_SERVER_ENTRYPOINTS_CACHE_DIR'];
  delete process.env['NET_SERVER_ENTRYPOINTS_CACHE'];
  refresh();
});

const plugin = (name: string, version = '1.0.0') => ({ name, version, entryPoints: { [NS]: { [name]: './index.js' } } });
const cacheFiles = () => readdirSync(cacheDir).filter((file) => file.endsWith('.json'));
const found = () => {
  refresh();
  return discover({ root })
    .entryPoints(NS)
    .map((entryPoint) => `${entryPoint.name}@${entryPoint.package.version}`);
};

/**
 * Renames every cached entry so a test can tell a cached answer from a
 * fresh scan: a stale cache would answer "cached-...".
 */
function markCache(): void {
  const [file] = cacheFiles();
  const path = join(cacheDir, file!);
  // Entry points are stored by namespace as [name, module, export, package index].
  const stored = JSON.parse(readFileSync(path, 'utf8')) as { entryPoints: Record<string, [string, ...unknown[]][]> };
  for (const entries of Object.values(stored.entryPoints)) for (const entry of entries) entry[0] = `cached-${entry[0]}`;
  writeFileSync(path, JSON.stringify(stored));
}

describe('scan cache', () => {
  it('answers a warm discovery from disk, and from memory within the process', () => {
    install(join(root, 'node_modules'), plugin('one'));
    const first = discover({ root });
    expect(discover({ root })).toBe(first);
    expect(cacheFiles()).toHaveLength(1);
    markCache();
    expect(found()).toEqual(['cached-one@1.0.0']);
  });

  it.each([
    ['installing a package', () => install(join(root, 'node_modules'), plugin('two')), ['one@1.0.0', 'scoped-a@1.0.0', 'two@1.0.0']],
    ['installing into an existing scope', () => install(join(root, 'node_modules'), plugin('@scope/b')), ['@scope/b@1.0.0', 'one@1.0.0', 'scoped-a@1.0.0']],
    ['removing a package', () => rmSync(join(root, 'node_modules', 'one'), { recursive: true }), ['scoped-a@1.0.0']],
    ['upgrading a package in place', () => install(join(root, 'node_modules'), plugin('one', '1.1.0')), ['one@1.1.0', 'scoped-a@1.0.0']],
    [
      'an install that rewrites the lockfile marker (nested packages)',
      () => {
        install(join(root, 'node_modules', 'one', 'node_modules'), plugin('nested'));
        writeFile(join(root, 'node_modules', '.package-lock.json'), '{"lockfileVersion": 3}');
      },
      ['nested@1.0.0', 'one@1.0.0', 'scoped-a@1.0.0'],
    ],
  ])('is invalidated by %s', (_what, change, expected) => {
    install(join(root, 'node_modules'), plugin('one'));
    install(join(root, 'node_modules'), { name: '@scope/a', entryPoints: { [NS]: { 'scoped-a': './index.js' } } });
    discover({ root });
    markCache();
    change();
    expect(found()).toEqual(expected);
  });

  it('trusts an install marker for the manifests installed under it, and stats each one where there is none', () => {
    const installed = install(join(root, 'node_modules'), plugin('one'));
    writeFile(join(root, 'node_modules', '.package-lock.json'), '{"lockfileVersion": 3}');
    discover({ root });
    const stored = JSON.parse(readFileSync(join(cacheDir, cacheFiles()[0]!), 'utf8')) as { validators: { path: string }[] };
    // Under npm's marker the installed manifest is not one of the files a warm start stats.
    expect(stored.validators.map((validator) => validator.path)).not.toContain(join(installed, 'package.json'));
    markCache();
    // An install rewrites the marker: the upgrade is seen.
    install(join(root, 'node_modules'), plugin('one', '2.0.0'));
    writeFile(join(root, 'node_modules', '.package-lock.json'), '{"lockfileVersion": 3, "packages": {}}');
    expect(found()).toEqual(['one@2.0.0']);
    // Without a marker (a node_modules copied by hand), every plugin manifest is stamped.
    rmSync(join(root, 'node_modules', '.package-lock.json'));
    refresh();
    discover({ root });
    const unmarked = JSON.parse(readFileSync(join(cacheDir, cacheFiles()[0]!), 'utf8')) as { validators: { path: string }[] };
    expect(unmarked.validators.map((validator) => validator.path)).toContain(join(installed, 'package.json'));
  });

  it('is invalidated by a pnpm install', () => {
    pnpmInstall(root, plugin('first'));
    writeFile(join(root, 'node_modules', '.modules.yaml'), 'layoutVersion: 5\n');
    discover({ root });
    markCache();
    pnpmInstall(root, plugin('second'));
    writeFile(join(root, 'node_modules', '.modules.yaml'), 'layoutVersion: 5\nincluded: {}\n');
    expect(found()).toEqual(['first@1.0.0', 'second@1.0.0']);
  });

  it('sees an edit of a linked workspace package, even within the same second', () => {
    const pkg = writePackage(join(root, 'packages', 'ws'), plugin('ws'));
    link(join(root, 'node_modules', 'ws'), pkg);
    const manifest = join(pkg, 'package.json');
    const before = statSync(manifest);
    discover({ root });
    markCache();
    writePackage(pkg, { ...plugin('ws'), entryPoints: { [NS]: { wz: './index.js' } } });
    // Same size, same whole second: only a full-precision stamp tells them apart.
    utimesSync(manifest, before.atime, new Date(Math.floor(before.mtimeMs / 1000) * 1000 + 1));
    expect(found()).toEqual(['wz@1.0.0']);
  });

  it('sees the application root gaining a package.json or a node_modules', () => {
    discover({ root });
    writePackage(root, plugin('app'));
    expect(found()).toEqual(['app@1.0.0']);
    markCache();
    install(join(root, 'node_modules'), plugin('dep'));
    expect(found()).toEqual(['app@1.0.0', 'dep@1.0.0']);
  });

  it('falls back to a scan when the cache file is corrupt, and rewrites it', () => {
    install(join(root, 'node_modules'), plugin('one'));
    discover({ root });
    const key = cacheFiles()[0]!.slice(0, -5);
    for (const text of [
      '{not json',
      '{"format": 2, "key": "wrong"}',
      // The previous format, or an entry naming a package the file does not hold.
      JSON.stringify({ format: 1, key, validators: [], packages: [], entryPoints: [{ package: 0 }], skipped: [], shadowed: [] }),
      JSON.stringify({ format: 2, key, validators: [], packages: [], entryPoints: { [NS]: [['x', './index.js', null, 7]] }, skipped: [], shadowed: [] }),
    ]) {
      writeFileSync(join(cacheDir, cacheFiles()[0]!), text);
      expect(found()).toEqual(['one@1.0.0']);
    }
    expect(JSON.parse(readFileSync(join(cacheDir, cacheFiles()[0]!), 'utf8'))).toMatchObject({ format: 2 });
  });

  it('still answers when the cache cannot be written', () => {
    install(join(root, 'node_modules'), plugin('one'));
    const blocked = join(cacheDir, 'a-file');
    writeFileSync(blocked, '');
    process.env['NET_SERVER_ENTRYPOINTS_CACHE_DIR'] = join(blocked, 'sub');
    expect(found()).toEqual(['one@1.0.0']);
    expect(found()).toEqual(['one@1.0.0']);
  });

  it('is not used or written when NET_SERVER_ENTRYPOINTS_CACHE=0, nor with cache: false', () => {
    install(join(root, 'node_modules'), plugin('one'));
    process.env['NET_SERVER_ENTRYPOINTS_CACHE'] = '0';
    expect(found()).toEqual(['one@1.0.0']);
    expect(cacheFiles()).toEqual([]);
    delete process.env['NET_SERVER_ENTRYPOINTS_CACHE'];
    const first = discover({ root, cache: false });
    expect(discover({ root, cache: false })).not.toBe(first);
    expect(cacheFiles()).toEqual([]);
  });

  it('keys the cache by application root', () => {
    const other = tempDir();
    try {
      install(join(root, 'node_modules'), plugin('one'));
      install(join(other, 'node_modules'), plugin('other'));
      discover({ root });
      discover({ root: other });
      expect(cacheFiles()).toHaveLength(2);
      expect(
        discover({ root: other })
          .entryPoints(NS)
          .map((e) => e.name),
      ).toEqual(['other']);
    } finally {
      removeDir(other);
    }
  });
});
