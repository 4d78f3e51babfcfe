import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { TestkitError } from './errors.js';

/** Where Debian's python3-openstackclient installs the command; its interpreter is the system Python. */
const OPENSTACK = '/usr/bin/openstack';
const PYTHON = '/usr/bin/python3';

/*
 * Runs openstackclient's own `main(argv)` once per request line, in one
 * interpreter: importing the client (cliff, osc-lib, openstacksdk) costs
 * about two seconds, which a fresh `openstack` process pays on every command.
 * Each command gets a new OpenStackShell with its own stdout and stderr, as
 * a new process would; the root logger's handlers, which cliff adds per run,
 * are removed after it so that they do not pile up.
 */
const RUNNER = String.raw`
import contextlib, io, json, logging, sys
from openstackclient.shell import main
protocol = sys.stdout
for line in sys.stdin:
    argv = json.loads(line)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exit:
            code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
        except BaseException as error:
            print(repr(error), file=sys.stderr)
            code = 1
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    protocol.write(json.dumps({"code": code or 0, "stdout": out.getvalue(), "stderr": err.getvalue()}) + "\n")
    protocol.flush()
`;

export interface OpenstackResult {
  /** The command's exit status: 0 on success. */
  code: number;
  stdout: string;
  stderr: string;
}

export interface OpenstackCliOptions {
  /** Seconds a command may take; default 60. */
  timeoutSeconds?: number;
}

/** A command that exited non-zero; `result` holds its output. */
export class OpenstackCommandFailed extends TestkitError {
  constructor(
    readonly argv: readonly string[],
    readonly result: OpenstackResult,
  ) {
    super('TESTKIT_OPENSTACK_FAILED', `openstack ${argv.join(' ')} exited ${result.code}: ${result.stderr.trim() || result.stdout.trim()}`);
  }
}

interface Waiting {
  resolve(result: OpenstackResult): void;
  reject(error: Error): void;
}

/**
 * The real `openstack` client (Debian's python3-openstackclient) pointed at
 * a server with `--os-auth-type none --os-endpoint <url>`, as against a
 * noauth neutron-server. Commands run one at a time in one long-lived
 * Python process (see {@link RUNNER}); `close()` ends it.
 */
export class OpenstackCli {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly queue: Waiting[] = [];
  private tail: Promise<unknown> = Promise.resolve();
  private exited: Error | undefined;
  private stderr = '';
  private readonly timeoutMs: number;

  constructor(
    readonly endpoint: string,
    options: OpenstackCliOptions = {},
  ) {
    if (!existsSync(OPENSTACK)) {
      throw new TestkitError('TESTKIT_NO_OPENSTACK', `${OPENSTACK} is missing: install Debian's client (apt-get install -y python3-openstackclient)`);
    }
    this.timeoutMs = (options.timeoutSeconds ?? 60) * 1000;
    // No clouds.yaml or OS_* variables of the developer's may steer the client.
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('OS_')));
    this.child = spawn(PYTHON, ['-c', RUNNER], { env: { ...env, HOME: process.env['HOME'] ?? '/tmp', PYTHONUNBUFFERED: '1' }, stdio: 'pipe' });
    this.child.stderr.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
    createInterface({ input: this.child.stdout }).on('line', (line) => this.#answer(line));
    this.child.on('exit', (code, signal) => {
      this.exited = new TestkitError('TESTKIT_OPENSTACK_EXITED', `the openstack client process ended (${signal ?? String(code)}): ${this.stderr.trim()}`);
      for (const waiting of this.queue.splice(0)) waiting.reject(this.exited);
    });
    this.child.stdin.on('error', () => undefined);
  }

  /** Runs `openstack <args>` and answers its exit status and output, failed or not. */
  exec(...args: string[]): Promise<OpenstackResult> {
    const argv = ['--os-auth-type', 'none', '--os-endpoint', this.endpoint, ...args];
    const result = this.tail.then(() => this.send(argv));
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Runs `openstack <args>`; rejects with {@link OpenstackCommandFailed} when it exits non-zero. */
  async run(...args: string[]): Promise<string> {
    const result = await this.exec(...args);
    if (result.code !== 0) throw new OpenstackCommandFailed(args, result);
    return result.stdout;
  }

  /** Runs `openstack <args> -f json` and parses its output; undefined for commands that print nothing. */
  async json<T = Record<string, unknown>>(...args: string[]): Promise<T> {
    const stdout = await this.run(...args, '-f', 'json');
    return (stdout.trim() === '' ? undefined : JSON.parse(stdout)) as T;
  }

  /** Runs a command that must fail and answers what it printed on stderr. */
  async failure(...args: string[]): Promise<string> {
    const result = await this.exec(...args);
    if (result.code === 0)
      throw new TestkitError('TESTKIT_OPENSTACK_SUCCEEDED', `openstack ${args.join(' ')} succeeded but was expected to fail: ${result.stdout.trim()}`);
    return result.stderr;
  }

  async close(): Promise<void> {
    if (this.exited !== undefined) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }

  /** One line of the runner's output: the JSON result of the oldest command waiting. */
  #answer(line: string): void {
    const waiting = this.queue.shift();
    let result: OpenstackResult;
    try {
      result = JSON.parse(line) as OpenstackResult;
    } catch {
      waiting?.reject(
        new TestkitError('TESTKIT_OPENSTACK_PROTOCOL', `the openstack runner printed something that is not its JSON result: ${line.slice(0, 300)}`),
      );
      return;
    }
    waiting?.resolve(result);
  }

  private send(argv: readonly string[]): Promise<OpenstackResult> {
    if (this.exited !== undefined) return Promise.reject(this.exited);
    return new Promise<OpenstackResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        // The runner is stuck in this command: end it, so later commands fail at once instead of queueing behind it.
        this.child.kill('SIGKILL');
        reject(new TestkitError('TESTKIT_OPENSTACK_TIMEOUT', `openstack ${argv.join(' ')} took longer than ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.queue.push({
        resolve: (result) => {
          clearTimeout(timer);
          resolve(result);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.child.stdin.write(`${JSON.stringify(argv)}\n`);
    });
  }
}
