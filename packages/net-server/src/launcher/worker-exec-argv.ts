/**
 * The V8 flags forked workers run with. By default V8 lets a busy process's
 * young generation grow to 16 MiB semi-spaces and its old generation grow
 * far ahead of the live heap, and keeps both: an API worker idling at about
 * 64 MB resident was at 104-118 MB after a few rounds of API load, with a
 * live heap after a full GC of 10-11 MB (tools/bench/workers.mjs). These
 * two flags are the part of V8's `--optimize-for-size` that bounds that:
 * 1 MiB semi-spaces and the old generation grown by 30 % at a time (the
 * factor `--optimize-for-size` uses). The whole of that flag, V8's other
 * trade-offs of speed for size included, cost a port create on PostgreSQL
 * 8 % more CPU for no memory the benchmark saw (see the package README:
 * Memory of the processes).
 */
export const WORKER_HEAP_FLAGS: readonly string[] = ['--max-semi-space-size=1', '--heap-growing-percent=30'];

/** Flags by which an operator sizes V8's heap themselves; with any of them, the workers get no flag of ours. */
const HEAP_SIZING = /--(no-)?optimize[-_]for[-_]size|--max[-_]semi[-_]space[-_]size|--heap[-_]growing[-_]percent/;

/**
 * The node options forked children run with: the master's own, which
 * node:cluster gives them by default, plus WORKER_HEAP_FLAGS unless the
 * operator sized the heap on the master's command line or in NODE_OPTIONS
 * (which children inherit, and which a command-line flag would override).
 */
export function workerExecArgv(masterExecArgv: readonly string[], nodeOptions = process.env['NODE_OPTIONS'] ?? ''): string[] {
  const chosen = masterExecArgv.some((arg) => HEAP_SIZING.test(arg)) || HEAP_SIZING.test(nodeOptions);
  return chosen ? [...masterExecArgv] : [...masterExecArgv, ...WORKER_HEAP_FLAGS];
}
