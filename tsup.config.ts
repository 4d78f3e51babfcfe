import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'tsup';

// One build recipe for every package: ESM with declarations. A package's
// entries are its public index, its optional bin, and every module under
// src/entries/ (the files its package.json `entryPoints` name, kept separate
// so that loading one plugin imports only that plugin's code).
function entries(): string[] {
  const found = ['src/index.ts', 'src/bin.ts'].filter((file) => existsSync(file));
  if (existsSync('src/entries')) {
    for (const file of readdirSync('src/entries')) {
      if (file.endsWith('.ts')) found.push(join('src/entries', file));
    }
  }
  return found;
}

// Dependencies built into a package's own modules instead of imported from
// node_modules at run time. kysely is 280 ES modules that take about 200 ms
// to load, in every server process; bundled, its part takes about 20 ms.
// Plugins use kysely's types only, and its `sql` tag through net-server, so
// a server runs one copy (eslint.config.mjs rejects a plugin's run-time import of kysely).
const BUNDLED: Readonly<Record<string, readonly string[]>> = { 'net-server': ['kysely'] };
const { name } = JSON.parse(readFileSync('package.json', 'utf8')) as { name: string };

export default defineConfig({
  entry: entries(),
  noExternal: [...(BUNDLED[name] ?? [])],
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  dts: true,
  sourcemap: true,
  clean: true,
  splitting: true,
  shims: false,
  tsconfig: 'tsconfig.json',
});
