import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';

export interface BatchNotifierOptions<E> {
  /** Milliseconds between two sends (send_events_interval). */
  intervalMs: number;
  /** Sends one batch; a rejection is handed to `failed` and the next batch goes out as usual. */
  send: (batch: E[]) => Promise<void>;
  failed: (error: unknown, batch: readonly E[]) => void;
}

/**
 * neutron's BatchNotifier: the first event queued while nothing is being
 * sent goes out at once (with whatever the same turn of the event loop
 * queued beside it), then the sender waits `intervalMs`; events queued
 * during the send or the wait go out together after it, and so on until a
 * wait ends with nothing queued. One send runs at a time, so a slow
 * receiver delays the next batch but loses nothing of it, and queueing
 * never waits: the API request or RPC call that queued an event goes on
 * at once.
 */
export class BatchNotifier<E> {
  readonly #options: BatchNotifierOptions<E>;
  #pending: E[] = [];
  /** Events of the batch being sent. */
  #sending = 0;
  #running: Promise<void> | undefined;
  #closing = false;
  #wake = new AbortController();

  constructor(options: BatchNotifierOptions<E>) {
    this.#options = options;
  }

  /** Events waiting for the next send. */
  get pending(): number {
    return this.#pending.length;
  }

  queue(event: E): void {
    this.#pending.push(event);
    this.#running ??= this.#run();
  }

  /**
   * Sends what is queued without waiting for the interval and resolves when
   * nothing is queued or being sent, or after `timeoutMs`; it answers how
   * many events were still unsent then. For a server that stops.
   */
  async close(timeoutMs: number): Promise<number> {
    this.#closing = true;
    this.#wake.abort();
    if (this.#pending.length > 0) this.#running ??= this.#run();
    if (this.#running) await Promise.race([this.#running, sleep(timeoutMs, undefined, { ref: false })]);
    return this.#pending.length + this.#sending;
  }

  async #run(): Promise<void> {
    // neutron's spawn_n runs once the caller yields: events queued in the same turn (a floating IP moved between ports queues two) go together.
    await nextTurn();
    for (;;) {
      const batch = this.#pending.splice(0);
      this.#sending = batch.length;
      try {
        await this.#options.send(batch);
      } catch (error) {
        try {
          this.#options.failed(error, batch);
        } catch {
          // Reporting a failure must not end the loop: later events would then wait for ever.
        }
      }
      this.#sending = 0;
      if (!this.#closing) {
        // Unreferenced: a queued batch does not keep a process alive that has nothing else to do.
        await sleep(this.#options.intervalMs, undefined, { ref: false, signal: this.#wake.signal }).catch(() => undefined);
      }
      // Decided in the same synchronous step as clearing #running, so an event queued from now on starts a new run.
      if (this.#pending.length === 0) {
        this.#running = undefined;
        return;
      }
    }
  }
}
