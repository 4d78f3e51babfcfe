import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageDir } from './helpers.js';

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/**
 * Builds dist when the sources are newer: tests that load ML2 through
 * entry points (or in child processes) run the built package, as a server does.
 */
export function ensureBuilt(): void {
  // Test files run in parallel processes: one builds, the others wait for it.
  const lock = join(tmpdir(), 'net-server-ml2-build.lock');
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`${lock} is held for too long; remove it if no build is running`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
  try {
    buildIfStale();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function buildIfStale(): void {
  let built = 0;
  try {
    built = statSync(join(packageDir, 'dist/entries/plugin.js')).mtimeMs;
  } catch {
    built = 0;
  }
  if (built >= newest(join(packageDir, 'src'))) return;
  // The declarations build reads the other packages' dist, which their own builds may be rewriting: retry a little.
  for (let attempt = 1; ; attempt += 1) {
    try {
      execFileSync(process.execPath, [join(packageDir, '../../node_modules/tsup/dist/cli-default.js'), '--config', '../../tsup.config.ts'], {
        cwd: packageDir,
        stdio: 'ignore',
        timeout: 120_000,
      });
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5_000);
    }
  }
}
