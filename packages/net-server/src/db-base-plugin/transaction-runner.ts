import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import type { Context, Logger } from '@net-server/lib';
import type { Database } from '../db/database.js';
import { DatabaseCommitInterrupted, DatabaseUnavailable } from './errors.js';
import { isDbConnectionError, isRetriableDbError } from './retriable-error.js';
import type { CoreSchema } from './schema.js';
import type { Session } from './session.js';
import { takeTransactionConstraint, type TransactionConstraint } from './transaction-constraint.js';

/** neutron_lib.db.api.MAX_RETRIES. */
export const MAX_DB_RETRIES = 20;

/** How long an operation keeps trying while the database is out of reach: a restart or a failover takes seconds. */
export const DB_CONNECTION_RETRY_MS = 15_000;

export interface TransactionRunnerOptions {
  /** Attempts for an operation that keeps losing races; default MAX_DB_RETRIES. */
  maxRetries?: number;
  /** Milliseconds to keep retrying while the database cannot be reached; default DB_CONNECTION_RETRY_MS. */
  connectionRetryMs?: number;
}

/**
 * How a write transaction starts. SQLite's writers queue on the file lock.
 * A constrained one (transaction-constraint.ts) must not miss a concurrent
 * change of what its check read: PostgreSQL's repeatable read fails its
 * write with a serialization failure, MariaDB's serializable takes share
 * locks on what it reads so that one of two such writers deadlocks; both
 * are retried, check included.
 */
function beginStatements(dialect: Session['dialect'], constrained: boolean): string[] {
  if (dialect === 'sqlite') return ['begin immediate'];
  if (!constrained) return ['begin'];
  return dialect === 'postgres' ? ['begin isolation level repeatable read'] : ['set transaction isolation level serializable', 'begin'];
}

class SessionImpl implements Session {
  constructor(
    readonly context: Context,
    readonly db: Session['db'],
    readonly dialect: Session['dialect'],
    readonly writable: boolean,
    readonly pending: (() => Promise<void> | void)[] = [],
  ) {}

  afterCommit(fn: () => Promise<void> | void): void {
    this.pending.push(fn);
  }

  withContext(context: Context): SessionImpl {
    return new SessionImpl(context, this.db, this.dialect, this.writable, this.pending);
  }
}

/**
 * Runs plugin operations in transactions and retries them, whole, when they
 * lose a race with another process (neutron's retry_if_session_inactive).
 * On SQLite a write transaction starts with BEGIN IMMEDIATE, so writers
 * queue on the file lock up front instead of failing when a read lock
 * cannot be upgraded; on PostgreSQL and MySQL (both READ COMMITTED, see
 * database.ts) row locks and the unique constraints decide races and the
 * loser retries, as it does after a deadlock, a lock wait timeout or, on
 * Galera, a failed certification.
 *
 * Sessions nest as neutron's CONTEXT_WRITER does: a read or write started
 * while a write session is active in the same async call chain joins it
 * (a subclass's precommit may call the plugin's public methods), and only
 * the outermost one commits, retries and runs the after-commit work.
 *
 * A connection that is cut or cannot be opened (oslo.db's DBConnectionError)
 * is retried too, on a new connection, for up to `connectionRetryMs`: the
 * server rolled back what the lost connection was doing. The one exception
 * is a connection lost while COMMIT was on its way, whose outcome nobody
 * knows; that fails with DatabaseCommitInterrupted rather than risk doing
 * the work twice.
 */
export class TransactionRunner {
  readonly #active = new AsyncLocalStorage<SessionImpl>();
  readonly #maxRetries: number;
  readonly #connectionRetryMs: number;

  constructor(
    private readonly database: Database,
    private readonly logger: Logger,
    options: TransactionRunnerOptions = {},
  ) {
    this.#maxRetries = options.maxRetries ?? MAX_DB_RETRIES;
    this.#connectionRetryMs = options.connectionRetryMs ?? DB_CONNECTION_RETRY_MS;
  }

  async write<T>(context: Context, fn: (session: Session) => Promise<T>): Promise<T> {
    const outer = this.#active.getStore();
    if (outer?.writable) return this.#join(outer, context, fn);
    const { value, after } = await this.#commitWithRetries(context, fn, takeTransactionConstraint());
    // After the commit and outside the retry loop: a failing after-commit step must not run the committed work again.
    for (const hook of after) await hook();
    return value;
  }

  async #commitWithRetries<T>(
    context: Context,
    fn: (session: Session) => Promise<T>,
    constraint: TransactionConstraint | undefined,
  ): Promise<{ value: T; after: SessionImpl['pending'] }> {
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      let committing = false;
      try {
        return await this.database.db.connection().execute(async (connection) => {
          const db = connection.withTables<CoreSchema>();
          for (const statement of beginStatements(this.database.dialect, constraint !== undefined)) await sql.raw(statement).execute(db);
          const session = new SessionImpl(context, db, this.database.dialect, true);
          try {
            const value = await this.#active.run(session, async () => {
              await constraint?.verify(session);
              return fn(session);
            });
            committing = true;
            await sql`commit`.execute(db);
            return { value, after: session.pending };
          } catch (error) {
            await sql`rollback`.execute(db).catch(() => undefined);
            throw error;
          }
        });
      } catch (error) {
        if (isDbConnectionError(error)) {
          if (committing) throw new DatabaseCommitInterrupted({ reason: describe(error) }, { cause: error });
          await this.#awaitConnection(error, attempt, started, context);
          continue;
        }
        if (attempt >= this.#maxRetries || !isRetriableDbError(error)) throw error;
        this.logger.debug('retrying a database operation that lost a race', {
          attempt,
          requestId: context.requestId,
          code: (error as { code?: unknown }).code,
        });
        // Jittered backoff so that the processes that collided do not collide again.
        await sleep(Math.random() * Math.min(5 * 2 ** attempt, 250));
      }
    }
  }

  async read<T>(context: Context, fn: (session: Session) => Promise<T>): Promise<T> {
    const outer = this.#active.getStore();
    if (outer?.writable) return this.#join(outer, context, fn);
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      const session = new SessionImpl(context, this.database.db.withTables<CoreSchema>(), this.database.dialect, false);
      let result: T;
      try {
        result = await this.#active.run(session, () => fn(session));
      } catch (error) {
        if (!isDbConnectionError(error)) throw error;
        await this.#awaitConnection(error, attempt, started, context);
        continue;
      }
      for (const hook of session.pending) await hook();
      return result;
    }
  }

  /** Waits before another try on a new connection, or gives up with DatabaseUnavailable once the budget is spent. */
  async #awaitConnection(error: unknown, attempt: number, started: number, context: Context): Promise<void> {
    const waited = Date.now() - started;
    if (waited >= this.#connectionRetryMs) {
      throw new DatabaseUnavailable({ seconds: Math.round(waited / 1000), reason: describe(error) }, { cause: error });
    }
    this.logger.warn('the database connection failed; retrying on a new one', {
      attempt,
      requestId: context.requestId,
      database: this.database.displayUrl,
      error: describe(error),
    });
    // A restart takes seconds: back off to a second between tries, jittered so that waiting requests spread out.
    await sleep(Math.min(50 * 2 ** attempt, 1000) * (0.5 + Math.random() / 2));
  }

  #join<T>(outer: SessionImpl, context: Context, fn: (session: Session) => Promise<T>): Promise<T> {
    const joined = outer.withContext(context);
    return this.#active.run(joined, () => fn(joined));
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
}
