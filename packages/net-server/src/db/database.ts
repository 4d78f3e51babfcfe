import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { createLogger, type Logger } from '@net-server/lib';
import type BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type pg from 'pg';
import { maskPassword, parseConnectionUrl } from './connection-url.js';
import type { Dialect, MigrationSchema } from './migration.js';

// Each process loads only the driver its connection needs (pg alone takes
// longer to load than the rest of a database open); both are CommonJS.
const require = createRequire(import.meta.url);
const sqliteDriver = (): typeof BetterSqlite3 => require('better-sqlite3') as typeof BetterSqlite3;
const postgresDriver = (): typeof pg => require('pg') as typeof pg;

export interface DatabaseOptions {
  /** Seconds an SQLite connection waits for another process's write lock. */
  sqliteBusyTimeout?: number;
  /** false: synchronous=OFF (faster, may lose the last commits on power loss). */
  sqliteSynchronous?: boolean;
  /** PostgreSQL pool size per process. */
  maxPoolSize?: number;
  /** Seconds to wait for a PostgreSQL connection. */
  poolTimeout?: number;
  /** Seconds before an idle PostgreSQL connection is closed. */
  idleTimeout?: number;
  /** Relative SQLite paths resolve against this; default: the working directory. */
  cwd?: string;
  /** Where a lost PostgreSQL connection is reported; default: stderr. */
  logger?: Logger;
}

/**
 * One process's database engine: a Kysely query layer over better-sqlite3
 * or a node-postgres pool, chosen by `[database] connection`. SQLite runs
 * in WAL mode with a busy timeout so that several processes can share the
 * file. Call `close()` before forking: a child must open its own engine.
 */
export class Database {
  readonly db: Kysely<MigrationSchema>;
  readonly dialect: Dialect;
  /** The connection URL with its password masked. */
  readonly displayUrl: string;
  #closed = false;

  private constructor(db: Kysely<MigrationSchema>, dialect: Dialect, displayUrl: string) {
    this.db = db;
    this.dialect = dialect;
    this.displayUrl = displayUrl;
  }

  static open(url: string, options: DatabaseOptions = {}): Database {
    const target = parseConnectionUrl(url, options.cwd);
    const display = maskPassword(url);
    if (target.dialect === 'sqlite') {
      const { path } = target;
      const dialect = new SqliteDialect({
        database: () => {
          if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
          const sqlite = new (sqliteDriver())(path, { timeout: (options.sqliteBusyTimeout ?? 30) * 1000 });
          if (path !== ':memory:') sqlite.pragma('journal_mode = WAL');
          sqlite.pragma(`synchronous = ${options.sqliteSynchronous === false ? 'OFF' : 'NORMAL'}`);
          sqlite.pragma('foreign_keys = ON');
          return Promise.resolve(sqlite);
        },
      });
      return new Database(new Kysely<MigrationSchema>({ dialect }), 'sqlite', display);
    }
    const pool = new (postgresDriver().Pool)({
      connectionString: target.connectionString,
      max: options.maxPoolSize ?? 5,
      idleTimeoutMillis: (options.idleTimeout ?? 3600) * 1000,
      ...(options.poolTimeout === undefined ? {} : { connectionTimeoutMillis: options.poolTimeout * 1000 }),
    });
    // A connection dies when the server restarts or fails over, or an admin
    // terminates its backend. pg then emits 'error' on the client (and, for
    // an idle one, on the pool too), and an unheard 'error' would kill the
    // process. The client is already unusable: the pool drops it when it is
    // released, its query (if any) fails and the TransactionRunner retries
    // on a new connection, so a log line is all it takes here.
    const logger = options.logger ?? createLogger();
    pool.on('connect', (client) => {
      client.on('error', (error) => {
        logger.warn('a database connection was lost; the next query opens a new one', { database: display, error: error.message });
      });
    });
    pool.on('error', () => undefined);
    return new Database(new Kysely<MigrationSchema>({ dialect: new PostgresDialect({ pool }) }), 'postgres', display);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Closes every connection; idempotent. The launcher calls it before forking. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.db.destroy();
  }
}
