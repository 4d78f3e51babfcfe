#!/usr/bin/env node
// Runs src/cli.ts (see ../README.md). Node 20 cannot run TypeScript, so
// this bundles it first with esbuild, the one tsup (a root devDependency)
// depends on, into dist/cli.mjs: dist/ sits beside src/, so that the paths
// the modules work out from their own location (the repository, the Python
// helper) are the same in the bundle.
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const tool = resolve(here, '..');
const root = resolve(tool, '../..');
let esbuild;
try {
  const require = createRequire(join(root, 'package.json'));
  esbuild = createRequire(require.resolve('tsup'))('esbuild');
} catch (error) {
  console.error(`conformance: esbuild not found through tsup (${error.message}); run \`npx --yes pnpm@10.34.9 install\` at ${root} first`);
  process.exit(2);
}
const outfile = join(tool, 'dist', 'cli.mjs');
await esbuild.build({
  entryPoints: [join(tool, 'src', 'cli.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'inline',
  logLevel: 'error',
});
await import(pathToFileURL(outfile).href);
