import { describe, expect, it } from 'vitest';
import { PeriodicWorker } from '../src/service/periodic-worker.js';
import { recordingLogger } from './helpers.js';

class Counting extends PeriodicWorker {
  readonly name = 'CountingWorker';
  passes = 0;
  failEvery = 0;
  async runOnce(): Promise<void> {
    this.passes += 1;
    if (this.failEvery > 0 && this.passes % this.failEvery === 0) throw new Error(`pass ${this.passes} failed`);
  }
}

describe('PeriodicWorker', () => {
  it('runs until stopped, as a launcher expects of a worker, and goes on after a failing pass', async () => {
    const { logger, records } = recordingLogger();
    const worker = new Counting(5, logger);
    worker.failEvery = 2;
    await worker.start();
    let ended = false;
    const waiting = worker.wait().then(() => (ended = true));
    await expect.poll(() => worker.passes, { timeout: 5000 }).toBeGreaterThanOrEqual(4);
    // A worker whose wait() ends before stop() counts as died: it must not end by itself.
    expect(ended).toBe(false);
    expect(records.filter((record) => record['msg'] === 'CountingWorker pass failed').length).toBeGreaterThanOrEqual(1);
    await worker.stop();
    await waiting;
    const after = worker.passes;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(worker.passes).toBe(after);
  });
});
