import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// Tests import workspace packages by their published names; this maps each
// name to its TypeScript source so that a test never runs against a stale
// build. Tests that spawn real processes use the built dist instead.
function workspaceSources(): Record<string, string> {
  const aliases: Record<string, string> = {};
  const root = resolve('packages');
  for (const dir of readdirSync(root)) {
    const manifest = join(root, dir, 'package.json');
    const index = join(root, dir, 'src', 'index.ts');
    if (!existsSync(manifest) || !existsSync(index)) continue;
    const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name: string };
    aliases[name] = index;
  }
  return aliases;
}

const ALL = ['packages/*/test/**/*.test.ts', 'tools/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts'];
// The launcher's tests time restarts, drains and reloads of real process
// trees: they run after the rest, one file at a time, on an otherwise idle machine.
const ALONE = ['packages/net-server/test/launcher/**/*.test.ts'];

export default defineConfig({
  resolve: { alias: workspaceSources() },
  test: {
    pool: 'forks',
    // pnpm puts its hoisted store on NODE_PATH for scripts; discovery honours
    // NODE_PATH, so tests would see every workspace package as installed.
    env: { NODE_PATH: '' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
    projects: [
      // Most tests wait on the broker, PostgreSQL or child processes: two files at a time keep both cores busy.
      { extends: true, test: { name: 'shared', include: ALL, exclude: ALONE, maxWorkers: 2, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'alone', include: ALONE, maxWorkers: 1, sequence: { groupOrder: 1 } } },
    ],
  },
});
