import { errorCode, isSqliteBusy } from '../db/driver-error.js';
import { isStalePreparedStatement } from '../db/prepared-statements.js';

/**
 * MySQL and MariaDB server errors (errno) that mean a lost race:
 * ER_DUP_ENTRY and ER_DUP_ENTRY_WITH_KEY_NAME (a unique key), the foreign
 * key errors ER_NO_REFERENCED_ROW(_2) and ER_ROW_IS_REFERENCED(_2),
 * ER_LOCK_DEADLOCK (also how Galera reports a transaction that failed
 * certification against another node's: "Deadlock: wsrep aborted
 * transaction"), ER_LOCK_WAIT_TIMEOUT (oslo.db's DBDeadlock covers both)
 * and ER_CHECKREAD (MariaDB's "record has changed since last read").
 */
const MYSQL_RACE_ERRNOS = new Set([1062, 1586, 1216, 1217, 1451, 1452, 1213, 1205, 1020]);

/**
 * MySQL and MariaDB server errors that mean the server cannot serve the
 * connection now: ER_CON_COUNT_ERROR and ER_TOO_MANY_USER_CONNECTIONS (as
 * PostgreSQL's too_many_connections), ER_SERVER_SHUTDOWN, MariaDB's
 * ER_CONNECTION_KILLED (a KILL of the connection's thread), MySQL's
 * ER_CLIENT_INTERACTION_TIMEOUT, and ER_UNKNOWN_COM_ERROR, which is what a
 * Galera node that is not synced answers ("WSREP has not yet prepared node
 * for application use"; oslo.db maps it to DBConnectionError, as it does
 * the client's 2002, 2003, 2006 and 2013, which mysql2 reports as socket
 * errors and PROTOCOL_CONNECTION_LOST).
 */
const MYSQL_UNAVAILABLE_ERRNOS = new Set([1040, 1203, 1053, 1927, 4031, 1047]);
/** mysql2's own codes for a connection that closed under it, or that was already dead when used. */
const MYSQL_CLIENT_LOST = new Set([
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'PROTOCOL_ENQUEUE_AFTER_QUIT',
  'PROTOCOL_SEQUENCE_TIMEOUT',
]);

/**
 * Whether a database error means "another transaction won a race; run the
 * whole operation again", as neutron's retry decorators treat
 * DBDuplicateEntry, DBDeadlock and stale-data errors: a unique or foreign
 * key violation (two processes picked the same IP or MAC, or a parent row
 * vanished), a serialization failure or deadlock (on Galera, a failed
 * certification), a lock wait that timed out, SQLite's busy errors, or a
 * PostgreSQL statement prepared before a migration changed its result columns.
 * The retried operation re-reads the database, so a real conflict then
 * surfaces as the proper API error (IpAddressAlreadyAllocated, NotFound...).
 */
export function isRetriableDbError(error: unknown): boolean {
  const errno = mysqlErrno(error);
  if (errno !== undefined) return MYSQL_RACE_ERRNOS.has(errno);
  const code = errorCode(error);
  if (code === undefined) return false;
  // PostgreSQL SQLSTATEs: unique_violation, foreign_key_violation, serialization_failure, deadlock_detected.
  if (code === '23505' || code === '23503' || code === '40001' || code === '40P01') return true;
  if (isStalePreparedStatement(error)) return true;
  return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || isSqliteBusy(error);
}

// Class 08 (connection exception), admin_shutdown, crash_shutdown, cannot_connect_now (starting up or shutting down), too_many_connections.
const LOST_SQLSTATE = /^(08...|57P0[123]|53300)$/;
const SOCKET_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
// node-postgres reports a socket that closed under it, a client that already failed, and a connect timeout by message only.
const LOST_MESSAGE = /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect)/;

/**
 * Whether the error means the database could not be reached or the
 * connection was cut (oslo.db's DBConnectionError): the server restarted or
 * failed over, or an admin terminated the backend. Whatever the connection
 * was doing was rolled back by the server unless it was committing.
 */
export function isDbConnectionError(error: unknown): boolean {
  const errno = mysqlErrno(error);
  if (errno !== undefined) return MYSQL_UNAVAILABLE_ERRNOS.has(errno);
  const code = errorCode(error);
  if (code !== undefined && (LOST_SQLSTATE.test(code) || SOCKET_ERRORS.has(code) || MYSQL_CLIENT_LOST.has(code))) return true;
  return error instanceof Error && LOST_MESSAGE.test(error.message);
}

/**
 * The server's error number of a MySQL or MariaDB error (mysql2 sets
 * `errno` and `sqlState`); undefined for anything else, including the
 * socket errors mysql2 passes on, whose `errno` is the system's.
 */
function mysqlErrno(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { errno, sqlState } = error as { errno?: unknown; sqlState?: unknown };
  return typeof errno === 'number' && typeof sqlState === 'string' ? errno : undefined;
}
