/**
 * The V8 flag forked workers run with. By default V8 lets a busy process's
 * young generation grow to 16 MiB semi-spaces and its old generation grow
 * far ahead of the live heap, and keeps both afterwards: an API worker idling
 * at about 64 MB resident was at 104-118 MB after a few rounds of API load,
 * with a live heap after a full GC of 10-11 MB (tools/bench/workers.mjs).
 * --optimize-for-size caps the semi-spaces at 1 MiB and grows the old
 * generation more conservatively. API requests a second and port creates
 * on SQLite did not measurably change (see the package README: Memory of
 * the processes).
 */
export const WORKER_HEAP_FLAG = '--optimize-for-size';

/** Flags by which an operator sizes V8's heap themselves; with any of them, the workers get no flag of ours. */
const HEAP_SIZING = /--(no-)?optimize[-_]for[-_]size|--max[-_]semi[-_]space[-_]size/;

/**
 * The node options forked children run with: the master's own, which
 * node:cluster gives them by default, plus WORKER_HEAP_FLAG unless the
 * operator sized the heap on the master's command line or in NODE_OPTIONS
 * (which children inherit, and which a command-line flag would override).
 */
export function workerExecArgv(masterExecArgv: readonly string[], nodeOptions = process.env['NODE_OPTIONS'] ?? ''): string[] {
  const chosen = masterExecArgv.some((arg) => HEAP_SIZING.test(arg)) || HEAP_SIZING.test(nodeOptions);
  return chosen ? [...masterExecArgv] : [...masterExecArgv, WORKER_HEAP_FLAG];
}
