import { existsSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discover } from '@net-server/entrypoints';
import { install, link, pnpmInstall, removeDir, tempDir, writeFile, writePackage } from './fixtures.js';

const NS = 'net_server.test_plugins';
let root: string;

beforeEach(() => {
  root = tempDir();
  process.env['NET_SERVER_ENTRYPOINTS_CACHE'] = '0';
});
afterEach(() => {
  removeDir(root);
  delete process.env['NET_SERVER_ENTRYPOINTS_CACHE'];
});

const names = (root: string, namespace = NS) =>
  discover({ root, cache: false })
    .entryPoints(namespace)
    .map((entryPoint) => `${entryPoint.name}@${entryPoint.package.name}@${entryPoint.package.version}`);

describe('discovery', () => {
  it('finds scoped and unscoped packages in the npm flat layout, sorted, without importing anything', () => {
    const nm = join(root, 'node_modules');
    // Importing this module would throw: discovery must only read package.json.
    install(nm, { name: 'zeta', entryPoints: { [NS]: { zeta: './index.js:Z' } }, files: { 'index.js': 'throw new Error("imported")' } });
    install(nm, { name: '@acme/alpha', entryPoints: { [NS]: { alpha: './a.js:A' }, other_ns: { x: './x.js' } } });
    install(nm, { name: 'plain', files: { 'index.js': '' } });
    writeFile(join(nm, '.bin', 'tool'), '');
    const discovery = discover({ root, cache: false });
    expect(names(root)).toEqual(['alpha@@acme/alpha@1.0.0', 'zeta@zeta@1.0.0']);
    expect(discovery.entryPoints('other_ns').map((e) => e.value)).toEqual(['./x.js']);
    expect(discovery.entryPoints(NS)[0]).toMatchObject({ module: './a.js', exportName: 'A', value: './a.js:A' });
    expect(discovery.skipped).toEqual([]);
  });

  it('reads a manifest larger than its read buffer whole, after small ones', () => {
    const nm = join(root, 'node_modules');
    install(nm, { name: 'small', entryPoints: { [NS]: { small: './s.js' } } });
    // 200 KiB of readme before the entry points: read in one 64 KiB buffer, it would not parse.
    const manifest = { name: 'large', version: '1.0.0', readme: 'x'.repeat(200 * 1024), entryPoints: { [NS]: { large: './l.js' } } };
    const large = install(nm, { name: 'large', raw: JSON.stringify(manifest) });
    expect(statSync(join(large, 'package.json')).size).toBeGreaterThan(200 * 1024);
    install(nm, { name: 'tiny', entryPoints: { [NS]: { tiny: './t.js' } } });
    expect(names(root)).toEqual(['large@large@1.0.0', 'small@small@1.0.0', 'tiny@tiny@1.0.0']);
    expect(discover({ root, cache: false }).skipped).toEqual([]);
  });

  it('follows the pnpm isolated layout through the virtual store to transitive plugins', () => {
    const transitive = { name: '@deep/plugin', version: '2.0.0', entryPoints: { [NS]: { deep: './d.js' } } };
    const middle = { name: 'middle', entryPoints: { [NS]: { middle: './m.js' } } };
    pnpmInstall(root, transitive, [], false);
    pnpmInstall(root, middle, [transitive]);
    expect(names(root)).toEqual(['deep@@deep/plugin@2.0.0', 'middle@middle@1.0.0']);
    const deep = discover({ root, cache: false }).entryPoints(NS)[0]!;
    expect(deep.package.path).toContain(join('.pnpm', '@deep+plugin@2.0.0'));
    expect(deep.package.linked).toBe(false);
  });

  it('searches the node_modules of the root, its parents, the host package (and the host itself), NODE_PATH and extra paths', () => {
    const app = join(root, 'workspace', 'app');
    writePackage(app, { name: 'app' });
    install(join(root, 'node_modules'), { name: 'from-parent', entryPoints: { [NS]: { parent: './p.js' } } });
    const host = writePackage(join(root, 'global', 'node_modules', 'host'), {
      name: 'host',
      entryPoints: { [NS]: { hosted: './dist/index.js' } },
      files: { 'dist/index.js': '' },
    });
    install(join(host, 'node_modules'), { name: 'builtin', entryPoints: { [NS]: { builtin: './b.js' } } });
    install(join(root, 'nodepath'), { name: 'from-node-path', entryPoints: { [NS]: { nodepath: './n.js' } } });
    install(join(root, 'extra'), { name: 'from-extra', entryPoints: { [NS]: { extra: './e.js' } } });
    const previous = process.env['NODE_PATH'];
    process.env['NODE_PATH'] = join(root, 'nodepath');
    try {
      const found = discover({ root: app, host: new URL(`file://${join(host, 'dist', 'index.js')}`), paths: [join(root, 'extra')], cache: false });
      expect(found.entryPoints(NS).map((e) => e.name)).toEqual(['builtin', 'extra', 'hosted', 'nodepath', 'parent']);
      expect(
        discover({ root: app, cache: false, nodePath: false })
          .entryPoints(NS)
          .map((e) => e.name),
      ).toEqual(['parent']);
    } finally {
      if (previous === undefined) delete process.env['NODE_PATH'];
      else process.env['NODE_PATH'] = previous;
    }
  });

  it('includes the application root itself when it declares entry points', () => {
    writePackage(root, { name: 'my-plugin', entryPoints: { [NS]: { mine: './src/mine.js' } } });
    expect(names(root)).toEqual(['mine@my-plugin@1.0.0']);
  });

  it('keeps the copy Node resolves from the root and reports nested copies as shadowed', () => {
    const nm = join(root, 'node_modules');
    install(nm, { name: 'dup', version: '2.0.0', entryPoints: { [NS]: { dup: './v2.js' } } });
    const user = install(nm, { name: 'user' });
    install(join(user, 'node_modules'), { name: 'dup', version: '1.0.0', entryPoints: { [NS]: { dup: './v1.js' } } });
    const discovery = discover({ root, cache: false });
    expect(discovery.entryPoints(NS).map((e) => e.package.version)).toEqual(['2.0.0']);
    expect(discovery.shadowed).toHaveLength(1);
    expect(discovery.shadowed[0]!.package).toMatchObject({ name: 'dup', version: '1.0.0', path: join(user, 'node_modules', 'dup') });
    expect(discovery.shadowed[0]!.winner.version).toBe('2.0.0');
  });

  it('in pnpm, the directly installed version wins over a transitive one', () => {
    const old = { name: 'shared-plugin', version: '1.0.0', entryPoints: { [NS]: { shared: './old.js' } } };
    const current = { name: 'shared-plugin', version: '3.0.0', entryPoints: { [NS]: { shared: './new.js' } } };
    pnpmInstall(root, old, [], false);
    pnpmInstall(root, { name: 'aaa-depends-on-old' }, [old]);
    pnpmInstall(root, current);
    const discovery = discover({ root, cache: false });
    expect(discovery.entryPoints(NS).map((e) => e.package.version)).toEqual(['3.0.0']);
    expect(discovery.shadowed.map((s) => s.package.version)).toEqual(['1.0.0']);
  });

  it('marks workspace links as linked and deduplicates a package reached by several links', () => {
    const pkg = writePackage(join(root, 'packages', 'ws-plugin'), { name: '@ws/plugin', entryPoints: { [NS]: { ws: './dist/ws.js' } } });
    link(join(root, 'node_modules', '@ws', 'plugin'), pkg);
    link(join(root, 'node_modules', 'alias-of-ws'), pkg);
    const [entryPoint, ...rest] = discover({ root, cache: false }).entryPoints(NS);
    expect(rest).toEqual([]);
    expect(entryPoint!.package).toMatchObject({ name: '@ws/plugin', linked: true, path: pkg });
  });

  it('reports broken packages by name and path and still finds the others', () => {
    const nm = join(root, 'node_modules');
    install(nm, { name: 'good', entryPoints: { [NS]: { good: './g.js' } } });
    install(nm, { name: 'bad-json', raw: `{"name": "bad-json", "entryPoints": {"${NS}": {` });
    install(nm, { name: 'bad-shape', entryPoints: [NS] });
    install(nm, { name: 'bad-value', entryPoints: { [NS]: { v: 42 } } });
    install(nm, { name: 'bad-namespace', entryPoints: { [NS]: './x.js' } });
    writePackage(join(nm, 'nameless'), { name: 'nameless', raw: '{"version": "1.0.0", "entryPoints": {}}' });
    symlinkSync(join(root, 'nowhere'), join(nm, 'dangling'));
    const discovery = discover({ root, cache: false });
    expect(discovery.entryPoints(NS).map((e) => e.name)).toEqual(['good']);
    const skipped = discovery.skipped.map((s) => [s.path.slice(nm.length + 1), s.error.code, s.error.package ?? null]);
    expect(skipped).toEqual([
      [join('bad-json', 'package.json'), 'EP_MANIFEST_PARSE', null],
      [join('bad-namespace', 'package.json'), 'EP_INVALID_ENTRY_POINTS', 'bad-namespace'],
      [join('bad-shape', 'package.json'), 'EP_INVALID_ENTRY_POINTS', 'bad-shape'],
      [join('bad-value', 'package.json'), 'EP_INVALID_ENTRY_POINTS', 'bad-value'],
      ['dangling', 'EP_PACKAGE_READ', null],
      [join('nameless', 'package.json'), 'EP_MANIFEST_PARSE', null],
    ]);
    const badValue = discovery.skipped.find((s) => s.error.package === 'bad-value')!.error;
    expect(badValue).toMatchObject({ namespace: NS, entry: 'v', phase: 'parse', version: '1.0.0' });
    expect(badValue.message).toContain('must be a "module:export" string');
    expect(badValue.message).toContain(join(nm, 'bad-value', 'package.json'));
  });

  it('gives the same order whatever order packages were installed in', () => {
    const specs = ['m', '@z/a', 'b', '@a/z', 'a'].map((name, i) => ({ name, entryPoints: { [NS]: { [`n${i % 2}`]: './x.js' } } }));
    const other = tempDir();
    try {
      for (const spec of specs) install(join(root, 'node_modules'), spec);
      for (const spec of [...specs].reverse()) install(join(other, 'node_modules'), spec);
      const order = (dir: string) =>
        discover({ root: dir, cache: false })
          .entryPoints(NS)
          .map((e) => `${e.name}:${e.package.name}`);
      expect(order(root)).toEqual(order(other));
      expect(order(root)).toEqual(['n0:a', 'n0:b', 'n0:m', 'n1:@a/z', 'n1:@z/a']);
    } finally {
      removeDir(other);
    }
  });

  it('survives an application root that does not exist yet', () => {
    const missing = join(root, 'not-yet');
    expect(existsSync(missing)).toBe(false);
    expect(discover({ root: missing, cache: false }).entryPoints(NS)).toEqual([]);
  });
});
