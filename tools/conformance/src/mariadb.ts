import { run, runSync } from '../../agents-e2e/src/proc.js';

/*
 * Databases of the run's own on the local MariaDB (127.0.0.1:3306), made
 * and dropped with the mysql client as the test account `.ci/run` creates
 * (net_server_test, which may create and drop ns_test_* databases only).
 */

const ACCOUNT = { user: 'net_server_test', password: 'net_server_test', host: '127.0.0.1', port: '3306' } as const;
const MYSQL = ['-h', ACCOUNT.host, '-P', ACCOUNT.port, '-u', ACCOUNT.user, `-p${ACCOUNT.password}`, '-N', '-s'];
const ENV = { PATH: '/usr/local/sbin:/usr/sbin:/sbin:/usr/bin:/bin', LANG: 'C.UTF-8' };

/** Names we make are ns_test_[a-z0-9_] only, so they need no quoting; anything else is a bug of the caller. */
function checked(name: string): string {
  if (!/^ns_test_[a-z0-9_]{1,55}$/.test(name)) throw new Error(`not a MariaDB database the harness makes: ${name}`);
  return name;
}

/** The database as a `[database] connection` URL, in neutron.conf's form. */
export function mariadbUrl(name: string): string {
  return `mysql+pymysql://${ACCOUNT.user}:${ACCOUNT.password}@${ACCOUNT.host}:${ACCOUNT.port}/${checked(name)}`;
}

export async function createMariadbDatabase(name: string): Promise<void> {
  await run('mysql', [...MYSQL, '-e', `create database ${checked(name)} character set utf8mb4`], { env: ENV, timeoutMs: 60_000 });
}

export async function dropMariadbDatabase(name: string): Promise<void> {
  await run('mysql', [...MYSQL, '-e', `drop database if exists ${checked(name)}`], { env: ENV, timeoutMs: 60_000 });
}

/** The synchronous form, for the exit safety net and the sweep; never throws. */
export function dropMariadbDatabaseSync(name: string): void {
  if (!/^ns_test_[a-z0-9_]{1,55}$/.test(name)) return;
  runSync('mysql', [...MYSQL, '-e', `drop database if exists ${name}`], 60_000);
}
