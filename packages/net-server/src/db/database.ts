import cluster from 'node:cluster';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { createLogger, type Logger } from '@net-server/lib';
import { CompiledQuery, Kysely, MysqlDialect, PostgresDialect, SqliteDialect } from 'kysely';
import type mysql from 'mysql2';
import { maskPassword, parseConnectionUrl, type MysqlTarget } from './connection-url.js';
import { SqliteDriverError } from './errors.js';
import type { Dialect, MigrationSchema } from './migration.js';
import { postgresDriver } from './postgres-driver.js';
import { namePreparedStatements } from './prepared-statements.js';
import { sqliteDriver, sqliteDriverNames, type SqliteDriver, type SqliteDriverChoice } from './sqlite-driver.js';
import { enterWalMode } from './sqlite-wal-mode.js';

// Each process loads only the driver its connection needs (pg alone takes
// longer to load than the rest of a database open); all are CommonJS.
const require = createRequire(import.meta.url);
const mysqlDriver = (): typeof mysql => require('mysql2') as typeof mysql;

/**
 * What every MySQL connection runs first. READ COMMITTED, PostgreSQL's
 * default, rather than InnoDB's REPEATABLE READ (which neutron runs on, with
 * workarounds where it bites): the plugin locks a row and then reads what
 * the transaction that held it committed (session.ts's lockRow), which a
 * REPEATABLE READ snapshot taken before the lock would hide. TRADITIONAL is
 * oslo.db's default sql_mode: a value too long or out of range is an error,
 * not silently cut, as on PostgreSQL; it also replaces any server-wide
 * NO_BACKSLASH_ESCAPES, which mysql2's escaping of parameters assumes off.
 */
const MYSQL_SESSION_SETUP = ['set session transaction isolation level read committed', "set session sql_mode = 'TRADITIONAL'"];

/** The environment variable that `[database] sqlite_driver` is read from (see DatabaseOptions.sqliteDriver). */
const SQLITE_DRIVER_ENV = 'NET_SERVER_DATABASE__SQLITE_DRIVER';

function isSqliteDriverChoice(value: string): value is SqliteDriverChoice {
  return value === 'auto' || (sqliteDriverNames as readonly string[]).includes(value);
}

export interface DatabaseOptions {
  /** Seconds an SQLite connection waits for another process's write lock. */
  sqliteBusyTimeout?: number;
  /** false: synchronous=OFF (faster, may lose the last commits on power loss). */
  sqliteSynchronous?: boolean;
  /** PostgreSQL and MySQL pool size per process. */
  maxPoolSize?: number;
  /** Seconds to wait for a PostgreSQL connection, or for a MySQL connection to open. */
  poolTimeout?: number;
  /** Seconds before an idle PostgreSQL connection is closed (MySQL's: see mysqlPool). */
  idleTimeout?: number;
  /** false: PostgreSQL statements run unnamed, parsed and planned on every execution (see namePreparedStatements). */
  preparedStatements?: boolean;
  /** Relative SQLite paths resolve against this; default: the working directory. */
  cwd?: string;
  /**
   * Which SQLite driver: `auto` (better-sqlite3 when installed and loadable,
   * otherwise libsql), `better-sqlite3` or `libsql`. Default: the
   * NET_SERVER_DATABASE__SQLITE_DRIVER environment variable, the one that
   * sets `[database] sqlite_driver` for the CLI, so that code opening a
   * database directly (tests, benchmarks, the testkit) follows it too;
   * otherwise `auto`.
   */
  sqliteDriver?: SqliteDriverChoice;
  /** Where a lost PostgreSQL or MySQL connection and a passed-over SQLite driver are reported; default: stderr. */
  logger?: Logger;
}

/**
 * One process's database engine: a Kysely query layer over an SQLite
 * driver (better-sqlite3 or libsql, see sqlite-driver.ts), a node-postgres
 * pool or a mysql2 pool (MySQL and MariaDB), chosen by `[database]
 * connection`. SQLite runs in WAL mode with a busy timeout so that several
 * processes can share the file. Call `close()` before forking: a child must
 * open its own engine.
 */
export class Database {
  readonly db: Kysely<MigrationSchema>;
  readonly dialect: Dialect;
  /** The connection URL with its password masked. */
  readonly displayUrl: string;
  /** The SQLite driver the connection runs on; undefined for PostgreSQL and MySQL. */
  readonly sqliteDriver: SqliteDriver | undefined;
  #closed = false;

  private constructor(db: Kysely<MigrationSchema>, dialect: Dialect, displayUrl: string, sqlite?: SqliteDriver) {
    this.db = db;
    this.dialect = dialect;
    this.displayUrl = displayUrl;
    this.sqliteDriver = sqlite;
  }

  static open(url: string, options: DatabaseOptions = {}): Database {
    const target = parseConnectionUrl(url, options.cwd);
    const display = maskPassword(url);
    const logger = options.logger ?? createLogger();
    if (target.dialect === 'sqlite') {
      const { path } = target;
      // Resolved now, not at the first query: a driver that cannot load is reported by open, in one line.
      const { driver, passedOver } = sqliteDriver(options.sqliteDriver ?? sqliteDriverFromEnv(), options.cwd);
      // Forked workers resolve the same way as the master, which already said so.
      if (passedOver && !cluster.isWorker) logger.warn(`${passedOver.detail}; using libsql meanwhile`, { code: passedOver.code });
      const dialect = new SqliteDialect({
        database: async () => {
          if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
          const busyTimeoutMs = (options.sqliteBusyTimeout ?? 30) * 1000;
          const sqlite = driver.open(path, busyTimeoutMs);
          if (path !== ':memory:') await enterWalMode(sqlite, busyTimeoutMs);
          sqlite.exec(`pragma synchronous = ${options.sqliteSynchronous === false ? 'OFF' : 'NORMAL'}`);
          sqlite.exec('pragma foreign_keys = ON');
          return sqlite;
        },
      });
      return new Database(new Kysely<MigrationSchema>({ dialect }), 'sqlite', display, driver);
    }
    if (target.dialect === 'mysql') {
      const dialect = new MysqlDialect({
        pool: mysqlPool(target.mysql, options, logger, display),
        onCreateConnection: async (connection) => {
          for (const statement of MYSQL_SESSION_SETUP) await connection.executeQuery(CompiledQuery.raw(statement));
        },
      });
      return new Database(new Kysely<MigrationSchema>({ dialect }), 'mysql', display);
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
    pool.on('connect', (client) => {
      if (options.preparedStatements !== false) namePreparedStatements(client);
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

function mysqlPool(target: MysqlTarget, options: DatabaseOptions, logger: Logger, display: string): mysql.Pool {
  const { ssl, connectTimeout, ...endpoint } = target;
  const pool = mysqlDriver().createPool({
    ...endpoint,
    connectionLimit: options.maxPoolSize ?? 5,
    // No idleTimeout: mysql2 closes idle connections only beyond maxIdle, and below it would close the pool's last
    // connection every second. An idle connection lives until the server's wait_timeout closes it, which the pool
    // sees at once (the 'error' below) and replaces on the next query.
    // Seconds from the URL (pymysql's connect_timeout) win over [database] pool_timeout.
    ...(connectTimeout !== undefined
      ? { connectTimeout: connectTimeout * 1000 }
      : options.poolTimeout !== undefined
        ? { connectTimeout: options.poolTimeout * 1000 }
        : {}),
    ...(ssl === undefined
      ? {}
      : {
          ssl: {
            ...(ssl.caFile === undefined ? {} : { ca: readFileSync(ssl.caFile) }),
            ...(ssl.certFile === undefined ? {} : { cert: readFileSync(ssl.certFile) }),
            ...(ssl.keyFile === undefined ? {} : { key: readFileSync(ssl.keyFile) }),
            rejectUnauthorized: ssl.verifyCert,
            // pymysql checks the host name only when asked (ssl_verify_identity); node's TLS always does unless told not to.
            ...(ssl.verifyIdentity ? {} : { checkServerIdentity: () => undefined }),
          },
        }),
    // utf8mb4 whatever the URL's charset says: the tables are utf8mb4 (migrator.ts).
    charset: 'utf8mb4_general_ci',
    // BIGINT columns and counts as numbers while they fit one exactly, as strings beyond (never rounded).
    supportBigNumbers: true,
    // A connection behind a NAT or firewall is not dropped for silence between requests.
    enableKeepAlive: true,
  });
  // A connection dies when the server restarts or fails over, or an admin
  // KILLs its thread. mysql2 then emits 'error' on the connection when it
  // is idle (a query in flight gets the error instead) and removes it from
  // the pool; the TransactionRunner retries the query's work on a new one.
  // The listener only reports it: mysql2's own one-shot listener would leave
  // a second 'error' unheard, and an unheard 'error' kills the process.
  pool.on('connection', (connection) => {
    connection.on('error', (error: Error) => {
      logger.warn('a database connection was lost; the next query opens a new one', { database: display, error: error.message });
    });
  });
  return pool;
}

function sqliteDriverFromEnv(): SqliteDriverChoice {
  const value = process.env[SQLITE_DRIVER_ENV];
  if (value === undefined || value === '') return 'auto';
  if (!isSqliteDriverChoice(value)) {
    throw new SqliteDriverError(`${SQLITE_DRIVER_ENV} is "${value}": set it to auto, ${sqliteDriverNames.join(' or ')}`);
  }
  return value;
}
