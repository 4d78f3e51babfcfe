import { existsSync, readdirSync } from 'node:fs';
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

export default defineConfig({
  entry: entries(),
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
