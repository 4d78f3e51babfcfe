/** The string `code` a database driver puts on its errors (SQLITE_BUSY, a PostgreSQL SQLSTATE, a socket's ECONNRESET), if any. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** SQLite's busy errors (SQLITE_BUSY and its extended codes): another connection holds the lock wanted. */
export function isSqliteBusy(error: unknown): boolean {
  return errorCode(error)?.startsWith('SQLITE_BUSY') === true;
}
