import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import mysql from 'mysql2/promise';
import { afterEach } from 'vitest';

const execFileAsync = promisify(execFile);

/**
 * The MariaDB (or MySQL) account the tests use, on 127.0.0.1:3306: it may
 * create and drop databases named ns_test_* and testkit_* and nothing else.
 * `.ci/run` creates it; see the README's test command.
 */
export const MYSQL_TEST_USER = { host: '127.0.0.1', port: 3306, user: 'net_server_test', password: 'net_server_test' } as const;
/** The same account as a `[database] connection` URL prefix, in neutron.conf's form; append the database name. */
export const MYSQL_SERVER_URL = `mysql+pymysql://${MYSQL_TEST_USER.user}:${MYSQL_TEST_USER.password}@${MYSQL_TEST_USER.host}:${MYSQL_TEST_USER.port}`;

async function onServer<T>(fn: (connection: mysql.Connection) => Promise<T>, account: mysql.ConnectionOptions = MYSQL_TEST_USER): Promise<T> {
  const connection = await mysql.createConnection(account);
  try {
    return await fn(connection);
  } finally {
    await connection.end();
  }
}

export interface MysqlTestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh, uniquely named database that lives until `drop()` (for beforeAll fixtures). */
export async function createMysqlDatabase(): Promise<MysqlTestDatabase> {
  const name = `ns_test_${randomBytes(6).toString('hex')}`;
  await onServer((connection) => connection.query(`create database \`${name}\``));
  return {
    url: `${MYSQL_SERVER_URL}/${name}`,
    name,
    // DROP DATABASE waits for the metadata locks of open transactions; the tests close their engines first.
    drop: () => onServer((connection) => connection.query(`drop database if exists \`${name}\``)).then(() => undefined),
  };
}

const created: MysqlTestDatabase[] = [];

/** A fresh, uniquely named database, dropped after the test (as postgres.ts's createTestDatabase). */
export async function createMysqlTestDatabase(): Promise<string> {
  const database = await createMysqlDatabase();
  created.push(database);
  return database.url;
}

afterEach(async () => {
  for (const database of created.splice(0)) await database.drop();
});

/**
 * KILLs the connections to the database of `url` (those whose running
 * statement contains `marker`, when given), as an admin would; resolves
 * with how many there were. The test account may kill its own connections;
 * `account` is the one to do it with (a private server's admin).
 */
export async function killConnections(url: string, marker?: string, account: mysql.ConnectionOptions = MYSQL_TEST_USER): Promise<number> {
  const database = new URL(url.replace(/^[a-z0-9+]+:/, 'mysql:')).pathname.slice(1);
  return onServer(async (connection) => {
    const [rows] = await connection.query<mysql.RowDataPacket[]>(
      `select id from information_schema.processlist
        where db = ? and id <> connection_id() and (? is null or (command = 'Query' and info like concat('%', ?, '%') and info not like '%processlist%'))`,
      [database, marker ?? null, marker ?? null],
    );
    for (const row of rows) await connection.query(`kill ${Number(row['id'])}`);
    return rows.length;
  }, account);
}

export interface PrivateMariadb {
  /** A `[database] connection` URL for the database `net_server` on this server (any user is let in). */
  readonly url: string;
  /** mysql2 options for an admin connection to it. */
  readonly admin: mysql.ConnectionOptions;
  /** Stops the server (SIGTERM: connections are closed) and starts it again on the same port and files. */
  restart(): Promise<void>;
  /** Stops the server and removes its files. */
  destroy(): Promise<void>;
}

/**
 * A MariaDB server of the test's own (mariadb-install-db into a temporary
 * directory, mariadbd on `port`, run as the `mysql` user, with
 * --skip-grant-tables so that any account may connect and KILL), for tests
 * that restart the server or block it server-wide (FLUSH TABLES WITH READ
 * LOCK), which must not touch the machine's shared one.
 */
export async function privateMariadb(port: number): Promise<PrivateMariadb> {
  const dir = mkdtempSync(join(tmpdir(), 'net-server-mariadb-'));
  const mysqlUser = { uid: Number(run('id', ['-u', 'mysql'])), gid: Number(run('id', ['-g', 'mysql'])) };
  chownSync(dir, mysqlUser.uid, mysqlUser.gid);
  const data = join(dir, 'data');
  await execFileAsync('mariadb-install-db', ['--no-defaults', `--datadir=${data}`, '--user=mysql', '--auth-root-authentication-method=normal', '--skip-test-db'], {
    timeout: 60_000,
  });
  let server: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    const args = [
      '--no-defaults',
      '--user=mysql',
      `--datadir=${data}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      `--socket=${join(dir, 'mysqld.sock')}`,
      `--pid-file=${join(dir, 'mysqld.pid')}`,
      `--log-error=${join(dir, 'error.log')}`,
      '--skip-grant-tables',
      '--innodb-buffer-pool-size=32M',
      '--innodb-flush-log-at-trx-commit=2',
      '--character-set-server=utf8mb4',
    ];
    const child = spawn('mariadbd', args, { stdio: 'ignore' });
    server = child;
    const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`mariadbd exited with ${code}: see ${join(dir, 'error.log')}`))));
    // Bounded: a server that has not answered in 30 s will not.
    for (let attempt = 0; attempt < 300; attempt++) {
      const answered = await Promise.race([
        mysql
          .createConnection({ host: '127.0.0.1', port, user: 'root' })
          .then((connection) => connection.end().then(() => true))
          .catch(() => false),
        exited,
      ]);
      if (answered) return;
      await sleep(100);
    }
    throw new Error(`mariadbd did not answer on 127.0.0.1:${port}`);
  };
  const stop = async (): Promise<void> => {
    const child = server;
    server = undefined;
    if (child === undefined || child.exitCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await gone;
  };
  await start();
  const admin: mysql.ConnectionOptions = { host: '127.0.0.1', port, user: 'root' };
  const connection = await mysql.createConnection(admin);
  await connection.query('create database net_server');
  await connection.end();
  return {
    url: `mysql+pymysql://root@127.0.0.1:${port}/net_server`,
    admin,
    restart: async () => {
      await stop();
      await start();
    },
    destroy: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function run(command: string, args: string[]): string {
  return execFileSync(command, args, { encoding: 'utf8' }).trim();
}
