import { describe, expect, it } from 'vitest';
import { ForkRateLimiter } from '../../src/launcher/fork-rate-limiter.js';

describe('ForkRateLimiter (oslo.service forktimes)', () => {
  it('lets a service fork its workers and one more at once, then one a second while children die fast', () => {
    let now = 10_000;
    const limiter = new ForkRateLimiter(2, () => now);
    expect([limiter.nextForkDelay(), limiter.nextForkDelay(), limiter.nextForkDelay()]).toEqual([0, 0, 0]);
    now += 100;
    expect(limiter.nextForkDelay()).toBe(1000);
    // The delayed fork counts at the time it happens.
    now += 100;
    expect(limiter.nextForkDelay()).toBe(1000);
  });

  it('does not delay restarts of children that lived longer than the window', () => {
    let now = 0;
    const limiter = new ForkRateLimiter(1, () => now);
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      delays.push(limiter.nextForkDelay());
      now += 1500;
    }
    expect(delays).toEqual([0, 0, 0, 0, 0]);
  });
});
