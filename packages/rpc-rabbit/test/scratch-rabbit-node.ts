import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import amqplib from 'amqplib';
import { freePort } from './helpers.js';

/** Debian's scripts, called directly: `/usr/sbin/rabbitmq-server` would switch to the rabbitmq user and its home. */
const RABBITMQ_SERVER = '/usr/lib/rabbitmq/bin/rabbitmq-server';
const DIR_PREFIX = 'ns-rabbit-node-';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Nodes left behind by a test process that died without its afterAll (a
 * worker killed on timeout): their owner is gone, so no one else uses them.
 */
function sweepOrphans(): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(DIR_PREFIX)) continue;
    const dir = join(tmpdir(), name);
    const read = (file: string): number => Number(existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8') : NaN);
    const owner = read('owner.pid');
    if (Number.isInteger(owner) && alive(owner)) continue;
    const node = read('node.pid');
    if (Number.isInteger(node)) signalGroup(node, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface ScratchNodeOptions {
  /** The node's one virtual host (its `default_vhost`), with guest/guest on it. */
  vhost: string;
  /** Bound on the boot, ms. */
  bootTimeoutMs: number;
}

/**
 * A RabbitMQ node of a test's own, independent of the machine's broker:
 * its own node name, AMQP and distribution ports, Erlang cookie (a HOME of
 * its own, so neither the main node's cookie nor the real home is read or
 * written), database, logs, config and plugins, all in one temporary
 * directory. It runs in a process group of its own, so that one SIGKILL
 * takes the whole node down the way a crash would; it is killed and its
 * directory deleted on {@link destroy}, on the test process's exit, and by
 * the next run if the test process died first.
 */
export class ScratchRabbitNode {
  private exited = false;

  private constructor(
    readonly nodename: string,
    readonly port: number,
    readonly vhost: string,
    readonly dir: string,
    private readonly pid: number,
    private readonly onExit: () => void,
  ) {}

  /** `amqp://guest:guest@127.0.0.1:<port>/<vhost>`, for amqplib. */
  get amqpUrl(): string {
    return `amqp://guest:guest@127.0.0.1:${this.port}/${encodeURIComponent(this.vhost)}`;
  }

  /** `guest:guest@127.0.0.1:<port>`, one host of a transport URL. */
  get transportHost(): string {
    return `guest:guest@127.0.0.1:${this.port}`;
  }

  static async start(options: ScratchNodeOptions): Promise<ScratchRabbitNode> {
    sweepOrphans();
    const dir = mkdtempSync(join(tmpdir(), DIR_PREFIX));
    writeFileSync(join(dir, 'owner.pid'), String(process.pid));
    const [port, distPort] = [await freePort(), await freePort()];
    const nodename = `ns-test-${randomBytes(4).toString('hex')}@localhost`;
    const home = join(dir, 'home');
    mkdirSync(home);
    writeFileSync(join(home, '.erlang.cookie'), randomBytes(20).toString('hex'), { mode: 0o400 });
    // The machine's rabbitmq-env.conf names the main node: this one gets its own.
    writeFileSync(join(dir, 'rabbitmq-env.conf'), 'ERL_EPMD_ADDRESS=127.0.0.1\n');
    writeFileSync(
      join(dir, 'rabbitmq.conf'),
      [`listeners.tcp.local = 127.0.0.1:${port}`, `default_vhost = ${options.vhost}`, 'default_user = guest', 'default_pass = guest', ''].join('\n'),
    );
    writeFileSync(join(dir, 'enabled_plugins'), '[].\n');
    const output = openSync(join(dir, 'output.log'), 'w');
    const child = spawn(RABBITMQ_SERVER, [], {
      cwd: dir,
      detached: true,
      stdio: ['ignore', output, output],
      env: {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        HOME: home,
        LANG: 'C.UTF-8',
        RABBITMQ_NODENAME: nodename,
        RABBITMQ_NODE_PORT: String(port),
        RABBITMQ_DIST_PORT: String(distPort),
        RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
        RABBITMQ_LOG_BASE: join(dir, 'log'),
        RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq.conf'),
        RABBITMQ_CONF_ENV_FILE: join(dir, 'rabbitmq-env.conf'),
        RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
        ERL_EPMD_ADDRESS: '127.0.0.1',
        ERL_FLAGS: '-kernel inet_dist_use_interface {127,0,0,1}',
      },
    });
    const pid = child.pid;
    if (pid === undefined) throw new Error(`could not start ${RABBITMQ_SERVER}`);
    writeFileSync(join(dir, 'node.pid'), String(pid));
    const onExit = (): void => {
      signalGroup(pid, 'SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    };
    process.once('exit', onExit);
    const node = new ScratchRabbitNode(nodename, port, options.vhost, dir, pid, onExit);
    child.once('exit', () => {
      node.exited = true;
    });
    child.unref();
    try {
      await node.waitForBoot(options.bootTimeoutMs);
    } catch (error) {
      await node.destroy();
      throw error;
    }
    return node;
  }

  private async waitForBoot(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    while (Date.now() < deadline) {
      if (this.exited) throw new Error(`RabbitMQ node ${this.nodename} exited while booting:\n${this.output()}`);
      try {
        const connection = await amqplib.connect(this.amqpUrl, { timeout: 1000 });
        await connection.close();
        return;
      } catch (error) {
        last = error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    throw new Error(`RabbitMQ node ${this.nodename} did not take AMQP connections within ${timeoutMs} ms (${String(last)}):\n${this.output()}`);
  }

  private output(): string {
    const file = join(this.dir, 'output.log');
    return existsSync(file) ? readFileSync(file, 'utf8').slice(-2000) : '';
  }

  /** Crashes the node: SIGKILL to its whole process group, as the kernel's OOM killer or a power cut would. */
  kill(): void {
    signalGroup(this.pid, 'SIGKILL');
  }

  /**
   * Freezes the node (SIGSTOP): its sockets stay open and the kernel still
   * accepts connections, but nothing answers, as with a host that dropped
   * off the network. Only heartbeats and timeouts notice.
   */
  freeze(): void {
    signalGroup(this.pid, 'SIGSTOP');
  }

  /** Kills the node (if still up) and deletes its directory. */
  async destroy(): Promise<void> {
    this.kill();
    const deadline = Date.now() + 10_000;
    while (!this.exited && alive(this.pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    process.off('exit', this.onExit);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
