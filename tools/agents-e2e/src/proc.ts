import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

export { freePort } from '../../vitest/free-port.mjs';

/** A clean environment for the Python agents and the tools they run: Debian's binaries first, no pyenv, no OS_* or proxy variables. */
export const SYSTEM_PATH = '/usr/local/sbin:/usr/sbin:/sbin:/usr/bin:/bin';

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** Runs a command to completion within `timeoutMs`; rejects with the command and its output unless `allowFailure`. */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; allowFailure?: boolean; input?: string } = {},
): Promise<RunResult> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  return new Promise((resolve, reject) => {
    const child = execFile(
      command,
      [...args],
      { cwd: options.cwd ?? '/', env: options.env ?? process.env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        if (error && !options.allowFailure) {
          const why = error.killed ? `killed after ${timeoutMs} ms` : `exit ${String(error.code)}`;
          reject(new Error(`\`${command} ${args.join(' ')}\` failed (${why}):\n${stdout.slice(-4000)}\n${stderr.slice(-4000)}`));
        } else {
          resolve({ stdout, stderr, code });
        }
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** The synchronous form, for cleanup from a process 'exit' handler; never throws. */
export function runSync(command: string, args: readonly string[], timeoutMs = 20_000): RunResult {
  const result = spawnSync(command, [...args], { encoding: 'utf8', timeout: timeoutMs, killSignal: 'SIGKILL', env: { ...process.env, PATH: SYSTEM_PATH } });
  return { stdout: result.stdout ?? '', stderr: result.stderr ?? String(result.error ?? ''), code: result.status ?? -1 };
}

/**
 * A long-running process in its own process group, its stdout and stderr
 * appended to `logFile`.
 */
export class Background {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;

  constructor(
    readonly name: string,
    command: string,
    args: readonly string[],
    readonly logFile: string,
    options: { cwd: string; env: NodeJS.ProcessEnv },
  ) {
    const fd = openSync(logFile, 'a');
    try {
      this.child = spawn(command, [...args], { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', fd, fd] });
    } finally {
      closeSync(fd);
    }
    this.child.on('error', () => undefined);
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGTERM to the group, SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running || this.child.pid === undefined) return;
    const pid = this.child.pid;
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => killGroup(pid), graceMs);
    try {
      await this.exited;
    } finally {
      clearTimeout(timer);
    }
    killGroup(pid); // leftovers of the group (e.g. a privsep helper)
  }

  /** Synchronous SIGKILL of the group, for the exit safety net. */
  killNow(): void {
    if (this.child.pid !== undefined) killGroup(this.child.pid);
  }
}

function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // gone already
  }
}

/** Thrown by a waitFor probe to give up at once (e.g. the process waited on died). */
export class Fatal extends Error {}

/** Polls `probe` every `intervalMs` until it returns a value other than undefined, or fails after `timeoutMs` with `describe()`. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  describe: () => string | Promise<string>,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    let value: T | undefined;
    try {
      value = await probe();
    } catch (error) {
      if (error instanceof Fatal) throw error;
      lastError = error;
    }
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      const suffix = lastError ? ` (last probe error: ${lastError instanceof Error ? lastError.message : String(lastError)})` : '';
      throw new Error(`timed out after ${timeoutMs} ms: ${await describe()}${suffix}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
