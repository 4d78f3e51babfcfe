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
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return false;
  // PostgreSQL SQLSTATEs: unique_violation, foreign_key_violation, serialization_failure, deadlock_detected.
  if (code === '23505' || code === '23503' || code === '40001' || code === '40P01') return true;
  return (
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_FOREIGNKEY' ||
    code.startsWith('SQLITE_BUSY')
  );
}
