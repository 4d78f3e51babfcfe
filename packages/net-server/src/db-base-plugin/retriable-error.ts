/**
 * Whether a database error means "another transaction won a race; run the
 * whole operation again", as neutron's retry decorators treat
 * DBDuplicateEntry, DBDeadlock and stale-data errors: a unique or foreign
 * key violation (two processes picked the same IP or MAC, or a parent row
 * vanished), a serialization failure or deadlock, or SQLite's busy errors.
 * The retried operation re-reads the database, so a real conflict then
 * surfaces as the proper API error (IpAddressAlreadyAllocated, NotFound...).
 */
export function isRetriableDbError(error: unknown): boolean {
  const code = errorCode(error);
  if (code === undefined) return false;
  // PostgreSQL SQLSTATEs: unique_violation, foreign_key_violation, serialization_failure, deadlock_detected.
  if (code === '23505' || code === '23503' || code === '40001' || code === '40P01') return true;
  return (
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_FOREIGNKEY' ||
    code.startsWith('SQLITE_BUSY')
  );
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
  const code = errorCode(error);
  if (code !== undefined && (LOST_SQLSTATE.test(code) || SOCKET_ERRORS.has(code))) return true;
  return error instanceof Error && LOST_MESSAGE.test(error.message);
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}
