import { describe, expect, it } from 'vitest';
import { WORKER_HEAP_FLAG, workerExecArgv } from '../../src/launcher/worker-exec-argv.js';

describe('workerExecArgv (the node options of forked workers)', () => {
  it("adds the heap flag to the master's own options", () => {
    expect(workerExecArgv(['--enable-source-maps'], '')).toEqual(['--enable-source-maps', WORKER_HEAP_FLAG]);
  });

  it('leaves the heap to an operator who sized it on the command line or in NODE_OPTIONS', () => {
    expect(workerExecArgv(['--max-semi-space-size=16'], '')).toEqual(['--max-semi-space-size=16']);
    expect(workerExecArgv(['--no-optimize-for-size'], '')).toEqual(['--no-optimize-for-size']);
    expect(workerExecArgv([], '--max_semi_space_size=32')).toEqual([]);
  });
});
