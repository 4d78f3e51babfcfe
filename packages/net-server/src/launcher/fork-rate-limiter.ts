/**
 * oslo.service's fork-rate limit: a service may fork its `workers` children
 * at once, but once it has forked more than that, no more than one child a
 * second (over the last `workers` + 1 forks), so that children dying as
 * soon as they start do not make the master fork in a tight loop.
 */
export class ForkRateLimiter {
  readonly #forkTimes: number[] = [];

  constructor(
    private readonly workers: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records the next fork and returns how many milliseconds to wait before it (0 or 1000). */
  nextForkDelay(): number {
    const now = this.now();
    let delay = 0;
    if (this.#forkTimes.length > this.workers) {
      if (now - (this.#forkTimes[0] as number) < this.workers * 1000) delay = 1000;
      this.#forkTimes.shift();
    }
    this.#forkTimes.push(now + delay);
    return delay;
  }
}
