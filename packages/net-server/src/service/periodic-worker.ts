import type { Logger, Worker } from '@net-server/lib';
import { deferred } from './deferred.js';

/**
 * A plugin's periodic task (neutron's periodic jobs, such as rescheduling
 * off dead agents), run in the shared services process every `intervalMs`:
 * one pass at a time, so a slow pass is not overlapped by the next tick,
 * and a failing pass is logged and the next one runs as planned.
 */
export abstract class PeriodicWorker implements Worker {
  abstract readonly name: string;
  readonly workerProcessCount = 0;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> = Promise.resolve();
  // As neutron's PeriodicWorker: the worker runs until stop(); a launcher takes an earlier end for a death.
  readonly #stopped = deferred<void>();

  constructor(
    private readonly intervalMs: number,
    protected readonly logger: Logger,
  ) {}

  /** One pass of the task. */
  abstract runOnce(): Promise<void>;

  async start(): Promise<void> {
    this.#timer = setInterval(() => {
      this.#running = this.#running
        .then(() => this.runOnce())
        .catch((error: unknown) => this.logger.error(`${this.name} pass failed`, { error: String(error) }));
    }, this.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#stopped.resolve();
  }

  /** Resolves once stopped and the pass under way, if any, is done. */
  async wait(): Promise<void> {
    await this.#stopped.promise;
    await this.#running;
  }

  /** The interval, like worker counts, takes effect on a restart. */
  async reset(): Promise<void> {}
}
