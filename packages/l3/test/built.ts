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

/** Builds dist when the sources are newer: the server loads the plugin through its entry points, from dist. */
export function ensureBuilt(): void {
  // Test files run in parallel processes: one builds, the others wait for it.
  const lock = join(tmpdir(), 'net-server-l3-build.lock');
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
    let built = 0;
    try {
      built = statSync(join(packageDir, 'dist/entries/plugin.js')).mtimeMs;
    } catch {
      built = 0;
    }
    if (built >= newest(join(packageDir, 'src'))) return;
    try {
      execFileSync(process.execPath, [join(packageDir, '../../node_modules/tsup/dist/cli-default.js'), '--config', '../../tsup.config.ts'], {
        cwd: packageDir,
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 180_000,
      });
    } catch (error) {
      const output = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
      throw new Error(`building @net-server/l3 failed; fix the build and run the tests again.\n${output}`);
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
