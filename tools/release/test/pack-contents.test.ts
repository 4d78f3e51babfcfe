import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * What `npm pack` puts in each publishable package: its built dist, README,
 * LICENSE and package.json, and nothing else (no sources, tests, configs).
 */
const packagesDir = fileURLToPath(new URL('../../../packages', import.meta.url));
const publishable = readdirSync(packagesDir).filter((dir) => {
  const manifest = join(packagesDir, dir, 'package.json');
  return existsSync(manifest) && !(JSON.parse(readFileSync(manifest, 'utf8')) as { private?: boolean }).private;
});

interface PackResult {
  name: string;
  files: Array<{ path: string }>;
}

/**
 * Every publishable package packed by one npm, which answers for its folder
 * arguments in order: an npm per package spent most of this file's time
 * starting npm.
 */
const packed = new Map<string, PackResult>();
beforeAll(() => {
  const unbuilt = publishable.filter((dir) => !existsSync(join(packagesDir, dir, 'dist', 'index.js')));
  if (unbuilt.length > 0) throw new Error(`${unbuilt.map((dir) => `packages/${dir}`).join(', ')} not built: run pnpm build first`);
  const folders = publishable.map((dir) => join(packagesDir, dir));
  const results = JSON.parse(
    execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts', ...folders], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
  ) as PackResult[];
  publishable.forEach((dir, index) => packed.set(dir, results[index]!));
}, 120_000);

describe.each(publishable)('npm pack of packages/%s', (dir) => {
  const cwd = join(packagesDir, dir);
  const manifest = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8')) as {
    name: string;
    exports?: Record<string, unknown>;
    bin?: Record<string, string>;
  };

  it('contains dist, README, LICENSE and package.json only, with every export and bin present', () => {
    const result = packed.get(dir);
    const files = result!.files.map((file) => file.path).sort();
    expect(result!.name).toBe(manifest.name);
    expect(files.filter((file) => !/^(dist\/.+|README\.md|LICENSE|package\.json)$/.test(file))).toEqual([]);
    expect(files.filter((file) => /\.test\.|\/src\/|\.tsbuildinfo$/.test(file))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(['README.md', 'LICENSE', 'package.json', 'dist/index.js', 'dist/index.d.ts']));
    for (const bin of Object.values(manifest.bin ?? {})) expect(files).toContain(bin.replace(/^\.\//, ''));
  });
});
