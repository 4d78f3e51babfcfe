import { execFile, spawn, type ChildProcess } from 'node:child_process';

export { freePort } from '../../vitest/free-port.mjs';

export interface RunResult {
  stdout: string;
  stderr: string;
}

/** Runs a command to completion within `timeoutMs`; a failure carries the command and its output. */
export function run(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number }): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      [...args],
      { cwd: options.cwd, env: options.env ?? process.env, timeout: options.timeoutMs, maxBuffer: 64 * 1024 * 1024, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        if (error) {
          const why = error.killed ? `killed after ${options.timeoutMs} ms` : `exit ${String(error.code)}`;
          reject(new Error(`\`${command} ${args.join(' ')}\` in ${options.cwd} failed (${why}):\n${stdout.slice(-4000)}\n${stderr.slice(-4000)}`));
        } else {
          resolve({ stdout, stderr });
        }
      },
    );
  });
}

/** Runs a command to completion within `timeoutMs` and returns its exit code and output, whether it failed or not. */
export function attempt(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<RunResult & { code: number | null }> {
  return new Promise((resolve) => {
    execFile(
      command,
      [...args],
      { cwd: options.cwd, env: options.env ?? process.env, timeout: options.timeoutMs, maxBuffer: 64 * 1024 * 1024, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** A long-running process in its own process group, with its output kept for error messages. */
export class Background {
  readonly child: ChildProcess;
  output = '';
  readonly exited: Promise<number | null>;

  constructor(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }) {
    this.child = spawn(command, [...args], { cwd: options.cwd, env: options.env ?? process.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The pid of the process in this group whose title or command line contains `title`. */
  async findInGroup(title: string): Promise<number | undefined> {
    if (this.child.pid === undefined) return undefined;
    const { stdout } = await run('ps', ['-o', 'pid=,args=', '-g', String(this.child.pid)], { cwd: '/', timeoutMs: 10_000 });
    const line = stdout.split('\n').find((candidate) => candidate.includes(title));
    return line === undefined ? undefined : Number(line.trim().split(/\s+/)[0]);
  }

  /**
   * SIGTERM to `pid` (default: the whole group), then SIGKILL to the group
   * after `graceMs`; resolves with the exit code (null when killed).
   */
  async stop(graceMs = 20_000, pid?: number): Promise<number | null> {
    if (!this.running || this.child.pid === undefined) return this.child.exitCode;
    process.kill(pid ?? -this.child.pid, 'SIGTERM');
    const timer = setTimeout(() => {
      if (this.running && this.child.pid !== undefined) process.kill(-this.child.pid, 'SIGKILL');
    }, graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}
