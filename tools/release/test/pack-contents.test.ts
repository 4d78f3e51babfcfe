import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

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

describe.each(publishable)('npm pack of packages/%s', (dir) => {
  const cwd = join(packagesDir, dir);
  const manifest = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8')) as {
    name: string;
    exports?: Record<string, unknown>;
    bin?: Record<string, string>;
  };

  it('contains dist, README, LICENSE and package.json only, with every export and bin present', () => {
    if (!existsSync(join(cwd, 'dist', 'index.js'))) throw new Error(`packages/${dir} is not built: run pnpm build first`);
    const [result] = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
    ) as PackResult[];
    const files = result!.files.map((file) => file.path).sort();
    expect(result!.name).toBe(manifest.name);
    expect(files.filter((file) => !/^(dist\/.+|README\.md|LICENSE|package\.json)$/.test(file))).toEqual([]);
    expect(files.filter((file) => /\.test\.|\/src\/|\.tsbuildinfo$/.test(file))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(['README.md', 'LICENSE', 'package.json', 'dist/index.js', 'dist/index.d.ts']));
    for (const bin of Object.values(manifest.bin ?? {})) expect(files).toContain(bin.replace(/^\.\//, ''));
  });
});
