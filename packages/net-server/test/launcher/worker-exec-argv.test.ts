import { describe, expect, it } from 'vitest';
import { workerExecArgv } from '../../src/launcher/worker-exec-argv.js';

describe('workerExecArgv (the node options of forked workers)', () => {
  it("adds the heap flags to the master's own options", () => {
    expect(workerExecArgv(['--enable-source-maps'], '')).toEqual(['--enable-source-maps', '--max-semi-space-size=1', '--heap-growing-percent=30']);
  });

  it('leaves the heap to an operator who sized it on the command line or in NODE_OPTIONS', () => {
    expect(workerExecArgv(['--max-semi-space-size=16'], '')).toEqual(['--max-semi-space-size=16']);
    expect(workerExecArgv(['--optimize-for-size'], '')).toEqual(['--optimize-for-size']);
    expect(workerExecArgv(['--no-optimize-for-size'], '')).toEqual(['--no-optimize-for-size']);
    expect(workerExecArgv(['--heap_growing_percent=50'], '')).toEqual(['--heap_growing_percent=50']);
    expect(workerExecArgv([], '--max_semi_space_size=32')).toEqual([]);
  });
});
