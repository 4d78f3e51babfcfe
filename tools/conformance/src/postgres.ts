import { run, runSync } from '../../agents-e2e/src/proc.js';

/*
 * Databases of the run's own on the local PostgreSQL (127.0.0.1:5432, trust
 * authentication, as the test suite uses), made and dropped with psql.
 */

const PSQL = ['-h', '127.0.0.1', '-p', '5432', '-U', 'postgres', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-Atq'];
const ENV = { PATH: '/usr/local/sbin:/usr/sbin:/sbin:/usr/bin:/bin', LANG: 'C.UTF-8', PGCONNECT_TIMEOUT: '10' };

/** Names we make are [a-z0-9_] only, so they need no quoting; anything else is a bug of the caller. */
function checked(name: string): string {
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a database name the harness makes: ${name}`);
  return name;
}

export function databaseUrl(name: string, driver = 'postgresql'): string {
  return `${driver}://postgres@127.0.0.1:5432/${checked(name)}`;
}

export async function createDatabase(name: string): Promise<void> {
  await run('psql', [...PSQL, '-c', `CREATE DATABASE ${checked(name)}`], { env: ENV, timeoutMs: 60_000 });
}

/** Drops `name` and ends its connections (a stopped Keystone or server may leave some behind). */
export async function dropDatabase(name: string): Promise<void> {
  await run('psql', [...PSQL, '-c', `DROP DATABASE IF EXISTS ${checked(name)} WITH (FORCE)`], { env: ENV, timeoutMs: 60_000 });
}

/** The synchronous form, for the exit safety net; never throws. */
export function dropDatabaseSync(name: string): void {
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(name)) return;
  runSync('psql', [...PSQL, '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`], 60_000);
}
