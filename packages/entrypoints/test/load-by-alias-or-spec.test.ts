import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExtensionManager, loadByAliasOrSpec } from '@net-server/entrypoints';
import { install, removeDir, tempDir, writeFile } from './fixtures.js';

const NS = 'net_server.core_plugins';
let root: string;

beforeAll(() => {
  root = tempDir();
  const nm = join(root, 'node_modules');
  install(nm, { name: 'core-ml2', entryPoints: { [NS]: { ml2: './plugin.js:Ml2Plugin' } }, files: { 'plugin.js': 'export class Ml2Plugin {}' } });
  install(nm, {
    name: '@acme/core',
    exports: { './plugin': './lib/plugin.js' },
    files: { 'lib/plugin.js': 'export class AcmePlugin {}\nexport default class DefaultPlugin {}' },
  });
  install(nm, {
    name: 'broken-manifest',
    raw: `{"name": "broken-manifest", "entryPoints": {"${NS}": {"x": 1}}}`,
  });
  writeFile(join(root, 'local', 'plugin.js'), 'export class LocalPlugin {}');
});
afterAll(() => removeDir(root));

const nameOf = (value: unknown) => (value as { name: string }).name;

describe('loadByAliasOrSpec', () => {
  it('loads an alias from the namespace', async () => {
    expect(nameOf(await loadByAliasOrSpec(NS, 'ml2', { root, cache: false }))).toBe('Ml2Plugin');
  });

  it('falls back to a package specifier resolved through its exports, or a path from the root', async () => {
    expect(nameOf(await loadByAliasOrSpec(NS, '@acme/core/plugin:AcmePlugin', { root, cache: false }))).toBe('AcmePlugin');
    expect(nameOf(await loadByAliasOrSpec(NS, '@acme/core/plugin', { root, cache: false }))).toBe('DefaultPlugin');
    expect(nameOf(await loadByAliasOrSpec(NS, './local/plugin.js:LocalPlugin', { root, cache: false }))).toBe('LocalPlugin');
  });

  it('reports both failures when the name is neither', async () => {
    const error = await loadByAliasOrSpec(NS, 'nosuch-plugin', { root, cache: false }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'EP_ALIAS_OR_SPEC', namespace: NS, entry: 'nosuch-plugin' });
    expect((error as Error).message).toMatch(
      /neither an installed net_server\.core_plugins plugin \(no "nosuch-plugin" driver found.*broken-manifest.*\) nor an importable module:export spec \(no package "nosuch-plugin" is installed/,
    );
    const badExport = await loadByAliasOrSpec(NS, '@acme/core/plugin:Nope', { root, cache: false }).catch((e: unknown) => e);
    expect((badExport as { specError: { code: string } }).specError.code).toBe('EP_EXPORT_NOT_FOUND');
  });
});

describe('broken manifests that name a namespace', () => {
  it('are reported to that namespace only, and thrown in strict mode', async () => {
    const seen: string[] = [];
    const manager = await ExtensionManager.load({
      namespace: NS,
      root,
      cache: false,
      onLoadFailure: (_m, entryPoint, error) => seen.push(`${entryPoint?.name ?? '-'} ${error.code} ${error.package ?? ''}`),
    });
    expect(manager.names()).toEqual(['ml2']);
    expect(seen).toEqual(['- EP_INVALID_ENTRY_POINTS broken-manifest']);
    const other = await ExtensionManager.load({ namespace: 'net_server.other', root, cache: false, onLoadFailure: () => seen.push('other') });
    expect(other.failures).toEqual([]);
    await expect(ExtensionManager.load({ namespace: NS, root, cache: false, strict: true })).rejects.toMatchObject({
      code: 'EP_INVALID_ENTRY_POINTS',
      package: 'broken-manifest',
    });
  });
});
