import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { packageDir } from './helpers.js';

interface Prepares {
  prototype: { prepare: (...args: unknown[]) => unknown };
}

/**
 * Counts the SQL statements a test server on SQLite runs: every query goes
 * through better-sqlite3's `prepare`, in the copy net-server loads (the
 * server runs in the test's process). For checks that a request's cost does
 * not grow with the rows it reaches.
 */
export class StatementCount {
  #count = 0;
  readonly #original: Prepares['prototype']['prepare'];
  readonly #driver: Prepares;

  constructor() {
    this.#driver = createRequire(resolve(packageDir, '..', 'net-server', 'package.json'))('better-sqlite3') as Prepares;
    this.#original = this.#driver.prototype.prepare;
    const original = this.#original;
    const counted = (): void => {
      this.#count++;
    };
    this.#driver.prototype.prepare = function (this: unknown, ...args: unknown[]): unknown {
      counted();
      return original.apply(this, args);
    };
  }

  /** The statements `fn` ran. */
  async of(fn: () => Promise<unknown>): Promise<number> {
    const before = this.#count;
    await fn();
    return this.#count - before;
  }

  restore(): void {
    this.#driver.prototype.prepare = this.#original;
  }
}
