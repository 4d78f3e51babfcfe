/**
 * Everything the harness creates registers how to undo it here, as a
 * synchronous action, so that the same list runs from afterAll and, as a
 * safety net, from the process's 'exit' event and from SIGINT/SIGTERM/SIGHUP
 * (a killed vitest worker, Ctrl-C). Actions run once, last registered first,
 * and never throw.
 */
export class Cleanup {
  private readonly actions: { label: string; action: () => void }[] = [];
  private done = false;
  readonly failures: string[] = [];
  private readonly onExit = (): void => this.runAll();
  private readonly onSignal = (signal: NodeJS.Signals): void => {
    this.runAll();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };

  constructor() {
    process.once('exit', this.onExit);
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, this.onSignal);
  }

  add(label: string, action: () => void): void {
    this.actions.push({ label, action });
  }

  /** Runs every action (last first); later calls do nothing. */
  runAll(): void {
    if (this.done) return;
    this.done = true;
    process.removeListener('exit', this.onExit);
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.removeListener(signal, this.onSignal);
    for (const { label, action } of this.actions.reverse()) {
      try {
        action();
      } catch (error) {
        this.failures.push(`${label}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}
