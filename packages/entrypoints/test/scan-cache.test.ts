import { readdirSync, readFileSync, rmSync, utimesSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discover, refresh } from '@net-server/entrypoints';
import { install, link, pnpmInstall, removeDir, tempDir, writeFile, writePackage } from './fixtures.js';

const NS = 'net_server.cached';
let root: string;
let cacheDir: string;
// The suite's own cache folder (tools/vitest/entrypoints-cache.ts), put back for the files after this one.
const suiteCacheDir = process.env['NET_SERVER_ENTRYPOINTS_CACHE_DIR'];

function restoreCacheDir(): void {
  if (suiteCacheDir === undefined) delete process.env['NET_SERVER_ENTRYPOINTS_CACHE_DIR'];
  else process.env['NET_SERVER_ENTRYPOINTS_CACHE_DIR'] = suiteCacheDir;
}

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
  restoreCacheDir();
  delete process.env['NET_SERVER_ENTRYPOINTS_CACHE'];
  refresh();
});

const plugin = (name: string, version = '1.0.0') => ({ name, version, entryPoints: { [NS]: { [name]: './index.js' } } });
/** The whole scans' files, one per root; each namespace also has a file of its own beside them. */
const scanFiles = () => readdirSync(cacheDir).filter((file) => /^[0-9a-f]{32}\.json$/.test(file));
const namespaceFiles = () => readdirSync(cacheDir).filter((file) => /^[0-9a-f]{32}-[0-9a-f]{16}\.json$/.test(file));
/** As a manager asks: its namespace first; `whole: true` reads the whole scan. */
const found = ({ whole = false } = {}) => {
  refresh();
  return discover({ root, ...(whole ? {} : { namespace: NS }) })
    .entryPoints(NS)
    .map((entryPoint) => `${entryPoint.name}@${entryPoint.package.version}`);
};

/**
 * Renames every cached entry, in the whole scan and in the namespaces' files,
 * so a test can tell a cached answer from a fresh scan: a stale cache would
 * answer "cached-...".
 */
function markCache(): void {
  for (const file of [...scanFiles(), ...namespaceFiles()]) {
    const path = join(cacheDir, file);
    // Entry points are stored as [name, module, export, package index]: by namespace in the whole scan, as a list in a namespace's file.
    type Stored = [string, ...unknown[]][];
    const stored = JSON.parse(readFileSync(path, 'utf8')) as { entryPoints: Stored | Record<string, Stored> };
    const lists = Array.isArray(stored.entryPoints) ? [stored.entryPoints] : Object.values(stored.entryPoints);
    for (const entries of lists) for (const entry of entries) entry[0] = `cached-${entry[0]}`;
    writeFileSync(path, JSON.stringify(stored));
  }
}

describe('scan cache', () => {
  it('answers a warm discovery from disk, and from memory within the process', () => {
    install(join(root, 'node_modules'), plugin('one'));
    const first = discover({ root });
    expect(discover({ root })).toBe(first);
    expect(scanFiles()).toHaveLength(1);
    markCache();
    expect(found()).toEqual(['cached-one@1.0.0']);
    expect(found({ whole: true })).toEqual(['cached-one@1.0.0']);
  });

  it("reads only the asked namespace's part on a warm start, and the rest of the scan when something asks for it", () => {
    install(join(root, 'node_modules'), plugin('one'));
    install(join(root, 'node_modules'), { name: 'other', version: '1.0.0', entryPoints: { 'net_server.other': { o: './index.js' } } });
    discover({ root });
    expect(namespaceFiles()).toHaveLength(2);
    markCache();
    rmSync(join(cacheDir, scanFiles()[0]!));
    refresh();
    const discovery = discover({ root, namespace: NS });
    expect(discovery.entryPoints(NS).map((entryPoint) => entryPoint.name)).toEqual(['cached-one']);
    expect(discovery.skipped).toEqual([]);
    // The other namespace's part, from the same scan.
    expect(discovery.entryPoints('net_server.other').map((entryPoint) => entryPoint.name)).toEqual(['cached-o']);
    expect(scanFiles()).toEqual([]);
    // The whole scan is not on disk any more: it is scanned again, and written.
    expect(discovery.packages.map((info) => info.name)).toEqual(['one', 'other']);
    expect(discovery.entryPoints(NS).map((entryPoint) => entryPoint.name)).toEqual(['one']);
    expect(scanFiles()).toHaveLength(1);
    // A namespace nobody declares has no part: the whole scan answers for it.
    expect(found()).toEqual(['one@1.0.0']);
    refresh();
    expect(discover({ root, namespace: 'net_server.nobody' }).entryPoints('net_server.nobody')).toEqual([]);
  });

  it('never mixes the parts of two scans', () => {
    install(join(root, 'node_modules'), plugin('one'));
    install(join(root, 'node_modules'), { name: 'other', version: '1.0.0', entryPoints: { 'net_server.other': { o: './index.js' } } });
    discover({ root });
    markCache();
    refresh();
    const before = discover({ root, namespace: NS });
    expect(before.entryPoints(NS).map((entryPoint) => entryPoint.name)).toEqual(['cached-one']);
    // Another process sees an install and stores its scan.
    install(join(root, 'node_modules'), { name: 'more', version: '1.0.0', entryPoints: { 'net_server.other': { m: './index.js' } } });
    refresh();
    expect(
      discover({ root, namespace: 'net_server.other' })
        .entryPoints('net_server.other')
        .map((entryPoint) => entryPoint.name),
    ).toEqual(['m', 'o']);
    // The first discovery's next part on disk is of the other scan: it scans again rather than answer half of each.
    expect(before.entryPoints('net_server.other').map((entryPoint) => entryPoint.name)).toEqual(['m', 'o']);
    expect(before.entryPoints(NS).map((entryPoint) => entryPoint.name)).toEqual(['one']);
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
    const stored = JSON.parse(readFileSync(join(cacheDir, scanFiles()[0]!), 'utf8')) as { validators: { path: string }[] };
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
    const unmarked = JSON.parse(readFileSync(join(cacheDir, scanFiles()[0]!), 'utf8')) as { validators: { path: string }[] };
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

  it('falls back to a scan when a cache file is corrupt, and rewrites it', () => {
    install(join(root, 'node_modules'), plugin('one'));
    discover({ root });
    const key = scanFiles()[0]!.slice(0, -5);
    const corrupt = [
      '{not json',
      '{"format": 3, "key": "wrong"}',
      // An older format, or an entry naming a package the file does not hold.
      JSON.stringify({ format: 1, key, validators: [], packages: [], entryPoints: [{ package: 0 }], skipped: [], shadowed: [] }),
      JSON.stringify({ format: 2, key, validators: [], packages: [], entryPoints: { [NS]: [['x', './index.js', null, 7]] }, skipped: [], shadowed: [] }),
      JSON.stringify({
        format: 3,
        key,
        scan: 's',
        validators: [],
        packages: [],
        entryPoints: { [NS]: [['x', './index.js', null, 7]] },
        skipped: [],
        shadowed: [],
      }),
    ];
    for (const text of corrupt) {
      writeFileSync(join(cacheDir, scanFiles()[0]!), text);
      expect(found({ whole: true })).toEqual(['one@1.0.0']);
    }
    expect(JSON.parse(readFileSync(join(cacheDir, scanFiles()[0]!), 'utf8'))).toMatchObject({ format: 3 });
    const [part] = namespaceFiles();
    for (const text of [
      ...corrupt,
      JSON.stringify({ format: 3, key, scan: 's', namespace: NS, validators: [], packages: [], entryPoints: [['x', './index.js', null, 7]], skipped: [] }),
    ]) {
      writeFileSync(join(cacheDir, part!), text);
      expect(found()).toEqual(['one@1.0.0']);
    }
    // Read from the whole scan, which is current, and stored again for the next start.
    expect(JSON.parse(readFileSync(join(cacheDir, part!), 'utf8'))).toMatchObject({ format: 3, namespace: NS, entryPoints: [['one', './index.js', null, 0]] });
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
    expect(scanFiles()).toEqual([]);
    delete process.env['NET_SERVER_ENTRYPOINTS_CACHE'];
    const first = discover({ root, cache: false });
    expect(discover({ root, cache: false })).not.toBe(first);
    expect(scanFiles()).toEqual([]);
  });

  it('keys the cache by application root', () => {
    const other = tempDir();
    try {
      install(join(root, 'node_modules'), plugin('one'));
      install(join(other, 'node_modules'), plugin('other'));
      discover({ root });
      discover({ root: other });
      expect(scanFiles()).toHaveLength(2);
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
