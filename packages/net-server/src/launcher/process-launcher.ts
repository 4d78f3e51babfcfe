import cluster, { type Worker as ClusterWorker } from 'node:cluster';
import type { Logger } from '@net-server/lib';
import { deferred, type Deferred } from '../service/deferred.js';
import { ServiceStartError } from './errors.js';
import { ForkRateLimiter } from './fork-rate-limiter.js';
import { SERVICE_ID_ENV, SERVICE_NAME_ENV, isChildMessage } from './messages.js';
import { workerExecArgv } from './worker-exec-argv.js';

export interface ProcessLauncherOptions {
  /** The script children run (net-server's bin) and its arguments (`start` and the master's options). */
  exec: string;
  args: readonly string[];
  cwd: string;
  logger: Logger;
  /** Seconds children get to finish their work when stopped; 0: no limit. */
  gracefulShutdownTimeout: number;
  /** How long a replacement child may take to get ready during a reload. */
  readyTimeoutMs?: number;
}

interface Child {
  worker: ClusterWorker;
  slot: Slot;
  ready: Deferred<boolean>;
  /** Being replaced or stopped: its exit is expected. */
  retiring: boolean;
  startFailure?: string;
  exited: Deferred<void>;
}

interface Slot {
  id: string;
  name: string;
  workers: number;
  children: Set<Child>;
  limiter: ForkRateLimiter;
  everReady: boolean;
  /** Forks of one service happen one after the other. */
  forks: Promise<void>;
}

/**
 * oslo.service's ProcessLauncher on node:cluster: `launchService` forks a
 * service's children, each running net-server's bin again with the
 * service's id in its environment; a child that dies is forked again,
 * rate-limited; `reload` replaces every child (new one ready first, then the
 * old one stopped gracefully) so the API socket, held by this master, is
 * never closed; `stop` sends SIGTERM and waits. Children exit by themselves
 * when this process dies: node:cluster workers exit as soon as their IPC
 * channel to the master closes, which the kernel does even when the master
 * is killed with SIGKILL.
 */
export class ProcessLauncher {
  readonly #slots: Slot[] = [];
  /** Every child not yet exited, replaced ones still finishing their work included. */
  readonly #live = new Set<Child>();
  readonly #failed = deferred<Error>();
  #running = true;
  readonly #sleeping = new Set<{ timer: NodeJS.Timeout; wake: () => void }>();

  constructor(private readonly options: ProcessLauncherOptions) {
    // Workers accept from the shared socket themselves (see the README: why not round-robin).
    cluster.schedulingPolicy = cluster.SCHED_NONE;
    cluster.setupPrimary({ exec: options.exec, args: [...options.args], cwd: options.cwd, execArgv: workerExecArgv(process.execArgv) });
  }

  launchService(id: string, name: string, workers: number): void {
    const slot: Slot = {
      id,
      name,
      workers,
      children: new Set(),
      limiter: new ForkRateLimiter(workers),
      everReady: false,
      forks: Promise.resolve(),
    };
    this.#slots.push(slot);
    this.options.logger.info('starting workers', { service: name, workers });
    this.#respawn(slot);
  }

  /** Resolves with the reason when a service cannot start at all: the caller stops the server. */
  failed(): Promise<Error> {
    return this.#failed.promise;
  }

  /** Child process ids by service id (for logs and tests). */
  pids(): Record<string, number[]> {
    return Object.fromEntries(this.#slots.map((slot) => [slot.id, [...slot.children].flatMap((child) => child.worker.process.pid ?? [])]));
  }

  /** Resolves once every service's first children are ready (true) or one of them failed to start (false). */
  async ready(): Promise<boolean> {
    await Promise.all(this.#slots.map((slot) => slot.forks));
    const ready = await Promise.all(this.#slots.flatMap((slot) => [...slot.children].map((child) => child.ready.promise)));
    return ready.every(Boolean);
  }

  /**
   * Replaces every child with a new one, which reads the configuration
   * files again: the new child first, and once it is ready the old one is
   * stopped gracefully. A replacement that does not get ready leaves the old
   * child running.
   */
  async reload(): Promise<void> {
    await Promise.all(
      this.#slots.map(async (slot) => {
        for (const old of [...slot.children]) {
          if (!this.#running) return;
          const replacement = this.#fork(slot);
          const timeout = setTimeout(() => replacement.ready.resolve(false), this.options.readyTimeoutMs ?? 60_000);
          const ready = await replacement.ready.promise;
          clearTimeout(timeout);
          if (!ready) {
            this.options.logger.error('a replacement worker did not get ready; keeping the old one', {
              service: slot.name,
              childPid: replacement.worker.process.pid,
            });
            this.#retire(replacement, 'SIGKILL');
            continue;
          }
          this.#retire(old, 'SIGTERM');
        }
      }),
    );
  }

  /**
   * Stops every child: SIGTERM, then SIGKILL for those still running
   * `gracefulShutdownTimeout` (+2 s for their own exit) later. Resolves true
   * when all ended by themselves.
   */
  async stop(): Promise<boolean> {
    this.#running = false;
    for (const sleeper of this.#sleeping) sleeper.wake();
    const children = [...this.#live];
    this.options.logger.info('stopping children', { count: children.length });
    for (const child of children) if (!child.retiring) this.#retire(child, 'SIGTERM');
    const exited = Promise.all(children.map((child) => child.exited.promise)).then(() => true);
    const { gracefulShutdownTimeout } = this.options;
    if (gracefulShutdownTimeout === 0) return exited;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), (gracefulShutdownTimeout + 2) * 1000);
    });
    const graceful = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (!graceful) {
      this.options.logger.error('graceful shutdown timeout exceeded, killing the children left');
      for (const child of children) if (child.worker.process.exitCode === null) child.worker.process.kill('SIGKILL');
      await exited;
    }
    return graceful;
  }

  #retire(child: Child, signal: NodeJS.Signals): void {
    child.retiring = true;
    child.slot.children.delete(child);
    child.worker.process.kill(signal);
  }

  /** Forks until the service has its count of children, no faster than the rate limit allows. */
  #respawn(slot: Slot): void {
    slot.forks = slot.forks.then(async () => {
      while (this.#running && slot.children.size < slot.workers) {
        const delay = slot.limiter.nextForkDelay();
        if (delay > 0) {
          this.options.logger.info('Forking too fast, sleeping', { service: slot.name, ms: delay });
          await this.#sleep(delay);
          if (!this.#running) return;
        }
        this.#fork(slot);
      }
    });
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const sleeper = {
        timer: setTimeout(() => sleeper.wake(), ms),
        wake: () => {
          clearTimeout(sleeper.timer);
          this.#sleeping.delete(sleeper);
          resolve();
        },
      };
      this.#sleeping.add(sleeper);
    });
  }

  #fork(slot: Slot): Child {
    const worker = cluster.fork({ [SERVICE_ID_ENV]: slot.id, [SERVICE_NAME_ENV]: slot.name });
    const child: Child = { worker, slot, ready: deferred(), retiring: false, exited: deferred() };
    slot.children.add(child);
    this.#live.add(child);
    this.options.logger.debug('started child', { service: slot.name, childPid: worker.process.pid });
    worker.on('message', (message: unknown) => {
      if (!isChildMessage(message)) return;
      if (message.type === 'net-server:ready') {
        slot.everReady = true;
        child.ready.resolve(true);
      } else {
        child.startFailure = message.reason;
      }
    });
    worker.on('error', (error) => this.options.logger.warn('child IPC error', { service: slot.name, error: error.message }));
    worker.on('exit', (code, signal) => this.#onExit(child, code, signal));
    return child;
  }

  #onExit(child: Child, code: number | null, signal: string | null): void {
    const { slot } = child;
    const pid = child.worker.process.pid;
    if (signal) this.options.logger.info('child killed by signal', { service: slot.name, childPid: pid, signal });
    else this.options.logger.info('child exited', { service: slot.name, childPid: pid, status: code });
    child.ready.resolve(false);
    child.exited.resolve();
    this.#live.delete(child);
    if (child.retiring) return;
    slot.children.delete(child);
    if (!this.#running) return;
    if (child.startFailure !== undefined && !slot.everReady) {
      this.#running = false;
      this.#failed.resolve(new ServiceStartError(slot.name, child.startFailure));
      return;
    }
    this.#respawn(slot);
  }
}
