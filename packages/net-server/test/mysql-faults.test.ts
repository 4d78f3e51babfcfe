import { Context, silentLogger } from '@net-server/lib';
import mysql from 'mysql2/promise';
import { afterEach, describe, expect, it } from 'vitest';
import { Database } from '../src/db/database.js';
import { DatabaseCommitInterrupted, DatabaseUnavailable } from '../src/db-base-plugin/errors.js';
import { isDbConnectionError, isRetriableDbError } from '../src/db-base-plugin/retriable-error.js';
import { TransactionRunner } from '../src/db-base-plugin/transaction-runner.js';
import { sql } from '../src/index.js';
import { recordingLogger } from './helpers.js';
import { freePort } from './launcher/server-fixture.js';
import { createMysqlTestDatabase, killConnections, privateMariadb, type PrivateMariadb } from './mysql.js';

/*
 * The TransactionRunner on MariaDB, as postgres-faults.test.ts on
 * PostgreSQL: connections KILLed mid-query and mid-COMMIT, a server out of
 * reach, and the races InnoDB reports (deadlock, lock wait timeout), each
 * real, not simulated.
 */

const context = new Context({ isAdmin: true, requestId: 'req-mysql-faults' });

const servers: PrivateMariadb[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.destroy()));
});

/** A database with table `t` and a runner over it that logs to `records`. */
async function fixture(url?: string): Promise<{ url: string; database: Database; runner: TransactionRunner; records: Record<string, unknown>[] }> {
  const target = url ?? (await createMysqlTestDatabase());
  const { logger, records } = recordingLogger();
  const database = Database.open(target, { logger });
  await sql`create table t (id integer primary key, n integer not null default 0) engine = InnoDB`.execute(database.db);
  return { url: target, database, runner: new TransactionRunner(database, logger), records };
}

/** Kills, once it is running, the connection whose current statement contains `marker`. */
async function killWhenRunning(url: string, marker: string, account?: mysql.ConnectionOptions): Promise<void> {
  await expect.poll(() => killConnections(url, marker, account), { timeout: 5000, interval: 20 }).toBe(1);
}

describe('MySQL connections that die while in use', () => {
  it('answers a read whose connection is KILLed mid-query, from a new connection, and stays up', async () => {
    const { url, database, runner, records } = await fixture();
    try {
      let attempts = 0;
      const read = runner.read(context, async (session) => {
        attempts++;
        const seconds = attempts === 1 ? 5 : 0;
        const { rows } = await sql<{ one: number }>`select 1 as one, sleep(${seconds}) as read_mid_query`.execute(session.db);
        return rows[0]!.one;
      });
      await killWhenRunning(url, 'read_mid_query');
      expect(await read).toBe(1);
      expect(attempts).toBe(2);
      expect(records.some((record) => record['msg'] === 'the database connection failed; retrying on a new one')).toBe(true);
    } finally {
      await database.close();
    }
  });

  it('runs a write again, once, when its connection is KILLed before COMMIT', async () => {
    const { url, database, runner } = await fixture();
    try {
      let attempts = 0;
      const write = runner.write(context, async (session) => {
        attempts++;
        await sql`insert into t (id) values (1)`.execute(session.db);
        if (attempts === 1) await sql`select sleep(5) as write_before_commit`.execute(session.db);
        return attempts;
      });
      await killWhenRunning(url, 'write_before_commit');
      expect(await write).toBe(2);
      const { rows } = await sql<{ id: number }>`select id from t`.execute(database.db);
      expect(rows).toEqual([{ id: 1 }]);
    } finally {
      await database.close();
    }
  });

  it('does not run a write again when its connection is cut during COMMIT, whose outcome is unknown', { timeout: 60_000 }, async () => {
    // FLUSH TABLES WITH READ LOCK holds every COMMIT on the server: a private one, not the machine's.
    const server = await privateMariadb(await freePort());
    servers.push(server);
    const { url, database, runner } = await fixture(server.url);
    const blocker = await mysql.createConnection(server.admin);
    try {
      let attempts = 0;
      let inserted!: () => void;
      const insertDone = new Promise<void>((resolve) => (inserted = resolve));
      let proceed!: () => void;
      const mayCommit = new Promise<void>((resolve) => (proceed = resolve));
      const write = runner.write(context, async (session) => {
        attempts++;
        await sql`insert into t (id) values (1)`.execute(session.db);
        inserted();
        await mayCommit;
      });
      const failed = expect(write).rejects.toBeInstanceOf(DatabaseCommitInterrupted);
      await insertDone;
      await blocker.query('flush tables with read lock');
      proceed();
      await killWhenRunning(url, 'commit', server.admin);
      await blocker.query('unlock tables');
      await failed;
      await expect(write).rejects.toMatchObject({ httpStatus: 503, type: 'DatabaseCommitInterrupted' });
      expect(attempts).toBe(1);
    } finally {
      await blocker.end();
      await database.close();
    }
  });

  it('gives up with a 503 DatabaseUnavailable once the server stays unreachable for the retry budget', async () => {
    const database = Database.open(`mysql+pymysql://nobody@127.0.0.1:${await freePort()}/nothing`, { logger: silentLogger });
    try {
      const runner = new TransactionRunner(database, silentLogger, { connectionRetryMs: 600 });
      const started = Date.now();
      const read = runner.read(context, (session) => sql`select 1`.execute(session.db));
      await expect(read).rejects.toBeInstanceOf(DatabaseUnavailable);
      await expect(read).rejects.toMatchObject({ httpStatus: 503, message: expect.stringContaining('ECONNREFUSED') });
      expect(Date.now() - started).toBeGreaterThanOrEqual(600);
      await expect(runner.write(context, async () => undefined)).rejects.toBeInstanceOf(DatabaseUnavailable);
    } finally {
      await database.close();
    }
  });
});

describe('MySQL races the TransactionRunner retries', () => {
  it('runs the victim of a real deadlock (1213) again, and both transactions commit', async () => {
    const { url, database, runner } = await fixture();
    const other = Database.open(url, { logger: silentLogger });
    try {
      const rival = new TransactionRunner(other, silentLogger);
      await sql`insert into t (id) values (1), (2)`.execute(database.db);
      let attempts = 0;
      // Each locks one row, waits until the other has its row too, then asks for the other's: InnoDB picks a victim.
      let arrived = 0;
      let bothHoldOne!: () => void;
      const meeting = new Promise<void>((resolve) => (bothHoldOne = resolve));
      const cross = (runnerOf: TransactionRunner, mine: number, theirs: number) =>
        runnerOf.write(context, async (session) => {
          attempts++;
          await sql`update t set n = n + 1 where id = ${mine}`.execute(session.db);
          if (++arrived === 2) bothHoldOne();
          await meeting;
          await sql`update t set n = n + 1 where id = ${theirs}`.execute(session.db);
        });
      await Promise.all([cross(runner, 1, 2), cross(rival, 2, 1)]);
      expect(attempts).toBe(3);
      const { rows } = await sql<{ id: number; n: number }>`select id, n from t order by id`.execute(database.db);
      expect(rows).toEqual([
        { id: 1, n: 2 },
        { id: 2, n: 2 },
      ]);
    } finally {
      await other.close();
      await database.close();
    }
  });

  it('runs a write again after a lock wait timeout (1205)', async () => {
    const { url, database, runner } = await fixture();
    await sql`insert into t (id) values (1)`.execute(database.db);
    const holder = await mysql.createConnection({ uri: url.replace(/^mysql\+pymysql:/, 'mysql:') });
    try {
      await holder.query('begin');
      await holder.query('select id from t where id = 1 for update');
      let attempts = 0;
      await runner.write(context, async (session) => {
        attempts++;
        // The holder lets go once the first attempt has timed out.
        if (attempts === 2) await holder.query('commit');
        await sql`set session innodb_lock_wait_timeout = 1`.execute(session.db);
        await sql`update t set n = n + 1 where id = 1`.execute(session.db);
      });
      expect(attempts).toBe(2);
      expect((await sql<{ n: number }>`select n from t`.execute(database.db)).rows).toEqual([{ n: 1 }]);
    } finally {
      await holder.end();
      await database.close();
    }
  });

  it('tells races, lost connections and other MySQL errors apart, Galera’s included', () => {
    const server = (errno: number, code: string, message: string) => Object.assign(new Error(message), { errno, code, sqlState: 'HY000' });
    // Galera: a transaction that lost certification to another node's, and a node that is not synced.
    expect(isRetriableDbError(server(1213, 'ER_LOCK_DEADLOCK', 'Deadlock: wsrep aborted transaction'))).toBe(true);
    expect(isDbConnectionError(server(1047, 'ER_UNKNOWN_COM_ERROR', 'WSREP has not yet prepared node for application use'))).toBe(true);
    expect(isRetriableDbError(server(1062, 'ER_DUP_ENTRY', "Duplicate entry '10.0.0.5-x' for key 'PRIMARY'"))).toBe(true);
    expect(isRetriableDbError(server(1452, 'ER_NO_REFERENCED_ROW_2', 'Cannot add or update a child row'))).toBe(true);
    expect(isRetriableDbError(server(1205, 'ER_LOCK_WAIT_TIMEOUT', 'Lock wait timeout exceeded'))).toBe(true);
    expect(isDbConnectionError(server(1927, 'ER_CONNECTION_KILLED', 'Connection was killed'))).toBe(true);
    expect(isDbConnectionError(server(1053, 'ER_SERVER_SHUTDOWN', 'Server shutdown in progress'))).toBe(true);
    expect(
      isDbConnectionError(Object.assign(new Error('Connection lost: The server closed the connection.'), { code: 'PROTOCOL_CONNECTION_LOST', fatal: true })),
    ).toBe(true);
    // Errors that a retry would only repeat.
    expect(isRetriableDbError(server(1064, 'ER_PARSE_ERROR', 'You have an error in your SQL syntax'))).toBe(false);
    expect(isDbConnectionError(server(1064, 'ER_PARSE_ERROR', 'You have an error in your SQL syntax'))).toBe(false);
    expect(isDbConnectionError(server(1045, 'ER_ACCESS_DENIED_ERROR', 'Access denied for user'))).toBe(false);
    expect(isRetriableDbError(server(1406, 'ER_DATA_TOO_LONG', 'Data too long for column'))).toBe(false);
  });
});
