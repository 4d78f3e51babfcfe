import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover, loadEntryPoint, type EntryPoint } from '@net-server/entrypoints';
import { install, removeDir, tempDir } from './fixtures.js';

const NS = 'net_server.loading';
let root: string;

beforeAll(() => {
  root = tempDir();
  const nm = join(root, 'node_modules');
  install(nm, {
    name: 'esm-plugin',
    entryPoints: {
      [NS]: {
        named: './dist/plugin.js:Plugin',
        default: './dist/plugin.js',
        dotted: './dist/plugin.js:registry.inner',
        bare: 'dist/plugin.js:Plugin',
        missingFile: './dist/nope.js:Plugin',
        noExtension: './dist/plugin:Plugin',
        missingExport: './dist/plugin.js:Nope',
        throws: './dist/throws.js:X',
        escape: '../cjs-plugin/index.js:Thing',
      },
    },
    files: {
      'dist/plugin.js': 'export class Plugin {}\nexport default function factory() { return 1; }\nexport const registry = { inner: "deep" };\n',
      'dist/throws.js': 'throw new Error("boom at import");\n',
    },
  });
  install(nm, {
    name: 'cjs-plugin',
    type: 'commonjs',
    entryPoints: { [NS]: { cjsDefault: './index.js', cjsNamed: './index.js:Thing', cjsDynamic: './dynamic.js:made' } },
    files: {
      'index.js': 'class Thing {}\nmodule.exports = { Thing, kind: "cjs" };\n',
      // Names assigned dynamically are invisible to Node's static CJS analysis.
      'dynamic.js': 'const name = ["ma", "de"].join("");\nmodule.exports[name] = 7;\n',
    },
  });
  install(nm, {
    name: '@scope/exported',
    exports: {
      '.': './lib/main.js',
      './plugin': { import: './lib/plugin.mjs', default: './lib/plugin.cjs' },
      './drivers/*': './lib/drivers/*.js',
      './package.json': './package.json',
    },
    entryPoints: {
      [NS]: { sub: './plugin:P', own: '@scope/exported/plugin:P', main: '@scope/exported:M', pattern: './drivers/foo:D', hidden: './lib/plugin.mjs:P' },
    },
    files: {
      'lib/main.js': 'export const M = "main";\n',
      'lib/plugin.mjs': 'export const P = "plugin";\n',
      'lib/drivers/foo.js': 'export const D = "foo";\n',
    },
  });
});
afterAll(() => removeDir(root));

function entry(name: string): EntryPoint {
  const found = discover({ root, cache: false })
    .entryPoints(NS)
    .find((e) => e.name === name);
  if (!found) throw new Error(`fixture entry ${name} missing`);
  return found;
}

describe('loadEntryPoint', () => {
  it('imports ESM named, default and dotted exports', async () => {
    expect(((await loadEntryPoint(entry('named'))) as { name: string }).name).toBe('Plugin');
    expect(((await loadEntryPoint(entry('default'))) as () => number)()).toBe(1);
    expect(await loadEntryPoint(entry('dotted'))).toBe('deep');
    expect(((await loadEntryPoint(entry('bare'))) as { name: string }).name).toBe('Plugin');
  });

  it('imports CommonJS module.exports as the default and its properties as named exports', async () => {
    expect(await loadEntryPoint(entry('cjsDefault'))).toMatchObject({ kind: 'cjs' });
    expect(((await loadEntryPoint(entry('cjsNamed'))) as { name: string }).name).toBe('Thing');
    expect(await loadEntryPoint(entry('cjsDynamic'))).toBe(7);
  });

  it('resolves subpaths through the package exports map, patterns and the package name included', async () => {
    expect(await loadEntryPoint(entry('sub'))).toBe('plugin');
    expect(await loadEntryPoint(entry('own'))).toBe('plugin');
    expect(await loadEntryPoint(entry('main'))).toBe('main');
    expect(await loadEntryPoint(entry('pattern'))).toBe('foo');
    // A file path is still a file of the package even when exports hide it.
    expect(await loadEntryPoint(entry('hidden'))).toBe('plugin');
  });

  it.each([
    ['missingFile', 'EP_MODULE_NOT_FOUND', 'resolve', 'not found'],
    ['noExtension', 'EP_MODULE_NOT_FOUND', 'resolve', 'ESM paths need their extension'],
    ['missingExport', 'EP_EXPORT_NOT_FOUND', 'import', 'no export "Nope"'],
    ['throws', 'EP_MODULE_IMPORT', 'import', 'boom at import'],
    ['escape', 'EP_MODULE_NOT_FOUND', 'resolve', 'outside its package'],
  ])('%s fails with %s in the %s phase, naming the package and file', async (name, code, phase, text) => {
    const error = await loadEntryPoint(entry(name)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code, phase, namespace: NS, entry: name, package: 'esm-plugin', version: '1.0.0' });
    expect((error as Error).message).toContain(text);
    expect((error as { file: string }).file).toContain(join(root, 'node_modules'));
  });
});
