import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExtensionManager } from '@net-server/entrypoints';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './built.js';
import { appWithPackages, packageDir } from './helpers.js';

const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { entryPoints: Record<string, Record<string, string>> };

beforeAll(() => ensureBuilt(), 180_000);

describe('entry points of the installed package', () => {
  it.each(Object.entries(manifest.entryPoints))('%s loads every name it declares', async (namespace, declared) => {
    const failures: string[] = [];
    const manager = await ExtensionManager.load({
      namespace,
      root: appWithPackages(),
      cache: false,
      onLoadFailure: (_manager, entryPoint, error) => failures.push(`${entryPoint?.name ?? '?'}: ${error.message}`),
    });
    expect(failures).toEqual([]);
    const ours = manager.extensions.filter((extension) => extension.entryPoint?.package.name === '@net-server/ml2');
    expect(ours.map((extension) => extension.name).sort()).toEqual(Object.keys(declared).sort());
    expect(ours.every((extension) => extension.plugin !== undefined)).toBe(true);
  });
});
