import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TestkitError } from './errors.js';

/** Modification times of every file under `dir`. */
function fileTimes(dir: string): number[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => statSync(join(entry.parentPath, entry.name)).mtimeMs);
}

/** Stale when any source file is newer than the oldest output file, or there is no output. */
function isStale(dir: string, source: string, output: string): boolean {
  try {
    const built = fileTimes(join(dir, output));
    return built.length === 0 || Math.min(...built) < Math.max(...fileTimes(join(dir, source)));
  } catch {
    return true;
  }
}

export interface BuildOptions {
  /** Default `src`. */
  source?: string;
  /** Default `dist`. */
  output?: string;
  /** Default `npm run build`. */
  command?: readonly string[];
}

/**
 * Builds a plugin package when its sources are newer than its output.
 * Entry points name built modules (`./dist/...`), so a test that loads the
 * plugin the way the server does needs a current build. Test files run in
 * parallel: one builds while the others wait on a lock directory.
 */
export function buildIfStale(packageDir: string, options: BuildOptions = {}): void {
  const dir = resolve(packageDir);
  const source = options.source ?? 'src';
  const output = options.output ?? 'dist';
  const [command, ...args] = options.command ?? ['npm', 'run', 'build'];
  const lock = join(tmpdir(), `net-server-testkit-build-${dir.replace(/[^a-zA-Z0-9]/g, '_')}.lock`);
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new TestkitError('TESTKIT_BUILD_LOCKED', `${lock} has been held for 3 minutes: remove it if no build is running.`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
  try {
    if (!isStale(dir, source, output)) return;
    try {
      execFileSync(command!, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
    } catch (error) {
      const output = (error as { stderr?: Buffer; stdout?: Buffer }).stderr?.toString() ?? '';
      throw new TestkitError(
        'TESTKIT_BUILD_FAILED',
        `building ${dir} with "${[command, ...args].join(' ')}" failed; fix the build and run the tests again.\n${output}`,
      );
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
