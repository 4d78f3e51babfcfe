import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
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
  const dir = privateDir();
  const node = mariadbd(dir, 'node', port, []);
  await node.install();
  await node.start();
  const admin: mysql.ConnectionOptions = { host: '127.0.0.1', port, user: 'root' };
  await onServer((connection) => connection.query('create database net_server'), admin);
  return {
    url: `mysql+pymysql://root@127.0.0.1:${port}/net_server`,
    admin,
    restart: async () => {
      await node.stop();
      await node.start();
    },
    destroy: async () => {
      await node.stop();
      await removeServerDir(dir);
    },
  };
}

export interface PrivateGalera {
  /** The database `net_server` through each node, in node order (any user is let in). */
  readonly urls: readonly string[];
  /** Stops the nodes and removes their files. */
  destroy(): Promise<void>;
}

/**
 * A MariaDB Galera cluster of the test's own: `ports.length` nodes on
 * 127.0.0.1 (each needs four free ports: SQL, group communication, IST and
 * SST), the first bootstrapping the cluster and the others joining it by
 * rsync state transfer (Debian's galera-4 and rsync, which `.ci/run`
 * installs). Resolves once every node is synced.
 */
export async function privateGalera(ports: readonly (readonly [sql: number, group: number, ist: number, sst: number])[]): Promise<PrivateGalera> {
  const dir = privateDir();
  const first = ports[0]!;
  const nodes = ports.map(([port, group, ist, sst], index) =>
    mariadbd(dir, `node${index + 1}`, port, [
      '--binlog-format=ROW',
      '--innodb-autoinc-lock-mode=2',
      '--wsrep-on=ON',
      '--wsrep-provider=/usr/lib/galera/libgalera_smm.so',
      '--wsrep-cluster-name=net_server_test',
      '--wsrep-sst-method=rsync',
      `--wsrep-node-address=127.0.0.1:${group}`,
      `--wsrep-sst-receive-address=127.0.0.1:${sst}`,
      `--wsrep-provider-options=gmcast.listen_addr=tcp://127.0.0.1:${group};ist.recv_addr=127.0.0.1:${ist}`,
      ...(index === 0 ? ['--wsrep-cluster-address=gcomm://', '--wsrep-new-cluster'] : [`--wsrep-cluster-address=gcomm://127.0.0.1:${first[1]}`]),
    ]),
  );
  const destroy = async (): Promise<void> => {
    for (const node of [...nodes].reverse()) await node.stop();
    await removeServerDir(dir);
  };
  try {
    await Promise.all(nodes.map((node) => node.install()));
    // One after the other: a joiner needs a synced donor.
    for (const [index, node] of nodes.entries()) {
      await node.start();
      await waitUntil(`node ${index + 1} synced`, async () => {
        const [rows] = await onServer((connection) => connection.query<mysql.RowDataPacket[]>("show status like 'wsrep_local_state_comment'"), node.admin);
        return rows[0]?.['Value'] === 'Synced';
      });
    }
    await onServer((connection) => connection.query('create database net_server'), nodes[0]!.admin);
    // DDL is replicated in total order: the database is on every node once the first has it, but wait for each to say so.
    for (const node of nodes) {
      await waitUntil('the database on every node', async () => {
        const [rows] = await onServer((connection) => connection.query<mysql.RowDataPacket[]>("show databases like 'net_server'"), node.admin);
        return rows.length === 1;
      });
    }
  } catch (error) {
    // The set-up's error is the one to see, not a failed clean-up's.
    await destroy().catch((cleanup: unknown) => console.error('private Galera cluster clean-up failed', cleanup));
    throw error;
  }
  return { urls: ports.map(([port]) => `mysql+pymysql://root@127.0.0.1:${port}/net_server`), destroy };
}

/**
 * Removes a private server's folder, retried for up to 30 s: files still
 * appear in it a moment after its nodes stopped (InnoDB's buffer pool dump,
 * a Galera state transfer's rsync), which fails a removal with ENOTEMPTY.
 */
async function removeServerDir(dir: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      rmSync(dir, { recursive: true, force: true });
      return;
    } catch (error) {
      if (attempt >= 60) throw error;
      await sleep(500);
    }
  }
}

/** A temporary directory the `mysql` user owns, for private servers' files. */
function privateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'net-server-mariadb-'));
  chownSync(dir, Number(run('id', ['-u', 'mysql'])), Number(run('id', ['-g', 'mysql'])));
  return dir;
}

/** Polls `check` every 100 ms for up to 60 s. */
async function waitUntil(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    if (await check().catch(() => false)) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** One mariadbd of a private server or cluster: its data directory `name` in `dir`, on 127.0.0.1:`port`, run as `mysql`. */
function mariadbd(dir: string, name: string, port: number, extraArgs: readonly string[]) {
  const data = join(dir, name);
  // A tmpdir of the node's own: a starting mariadbd (and its bootstrap) deletes every #sql* file in its tmpdir, the
  // shared server's temporary tables in /tmp too; and a Galera donor's and joiner's state transfer scripts keep
  // same-named files there, so two nodes must not share one.
  const scratch = join(dir, `${name}-tmp`);
  const admin: mysql.ConnectionOptions = { host: '127.0.0.1', port, user: 'root' };
  let server: ChildProcess | undefined;
  return {
    admin,
    async install(): Promise<void> {
      mkdirSync(scratch);
      chownSync(scratch, Number(run('id', ['-u', 'mysql'])), Number(run('id', ['-g', 'mysql'])));
      await execFileAsync(
        'mariadb-install-db',
        ['--no-defaults', `--datadir=${data}`, '--user=mysql', '--auth-root-authentication-method=normal', '--skip-test-db', `--tmpdir=${scratch}`],
        {
          timeout: 60_000,
        },
      );
    },
    async start(): Promise<void> {
      const log = join(dir, `${name}.log`);
      const args = [
        '--no-defaults',
        '--user=mysql',
        `--datadir=${data}`,
        `--port=${port}`,
        '--bind-address=127.0.0.1',
        `--socket=${join(dir, `${name}.sock`)}`,
        `--pid-file=${join(dir, `${name}.pid`)}`,
        `--tmpdir=${scratch}`,
        `--log-error=${log}`,
        '--skip-grant-tables',
        '--innodb-buffer-pool-size=32M',
        '--innodb-flush-log-at-trx-commit=2',
        '--character-set-server=utf8mb4',
        ...extraArgs,
      ];
      const child = spawn('mariadbd', args, { stdio: 'ignore' });
      server = child;
      const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`mariadbd exited with ${code}: see ${log}`))));
      exited.catch(() => undefined);
      // Bounded: a server that has not answered in 30 s will not.
      for (let attempt = 0; attempt < 300; attempt++) {
        const answered = await Promise.race([
          mysql
            .createConnection(admin)
            .then((connection) => connection.end().then(() => true))
            .catch(() => false),
          exited,
        ]);
        if (answered) return;
        await sleep(100);
      }
      throw new Error(`mariadbd did not answer on 127.0.0.1:${port}`);
    },
    async stop(): Promise<void> {
      const child = server;
      server = undefined;
      if (child === undefined || child.exitCode !== null) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await gone;
    },
  };
}

function run(command: string, args: string[]): string {
  return execFileSync(command, args, { encoding: 'utf8' }).trim();
}
