import { Context, silentLogger } from '@net-server/lib';
import { describe, expect, it } from 'vitest';
import { Database } from '../src/db/database.js';
import { DatabaseCommitInterrupted, DatabaseUnavailable } from '../src/db-base-plugin/errors.js';
import { isDbConnectionError } from '../src/db-base-plugin/retriable-error.js';
import { TransactionRunner } from '../src/db-base-plugin/transaction-runner.js';
import { sql } from '../src/index.js';
import { createTestDatabase, terminateBackends } from './postgres.js';
import { recordingLogger } from './helpers.js';
import { freePort } from './launcher/server-fixture.js';

const context = new Context({ isAdmin: true, requestId: 'req-faults' });

/** A database with table `t` and a runner over it that logs to `records`. */
async function fixture(): Promise<{ url: string; database: Database; runner: TransactionRunner; records: Record<string, unknown>[] }> {
  const url = await createTestDatabase();
  const { logger, records } = recordingLogger();
  const database = Database.open(url, { logger });
  await sql`create table t (id integer primary key)`.execute(database.db);
  return { url, database, runner: new TransactionRunner(database, logger), records };
}

/** Terminates, once it is running, the backend whose current query contains `marker`. */
async function terminateWhenRunning(url: string, marker: string): Promise<void> {
  await expect.poll(() => terminateBackends(url, marker), { timeout: 5000, interval: 20 }).toBe(1);
}

describe('PostgreSQL connections that die while in use', () => {
  it('answers a read whose connection is terminated mid-query, from a new connection, and stays up', async () => {
    const { url, database, runner, records } = await fixture();
    try {
      let attempts = 0;
      const read = runner.read(context, async (session) => {
        attempts++;
        const seconds = attempts === 1 ? 5 : 0;
        const { rows } = await sql<{ one: number }>`select 1 as one, pg_sleep(${seconds}) as read_mid_query`.execute(session.db);
        return rows[0]!.one;
      });
      await terminateWhenRunning(url, 'read_mid_query');
      expect(await read).toBe(1);
      expect(attempts).toBe(2);
      expect(records.some((record) => record['msg'] === 'a database connection was lost; the next query opens a new one')).toBe(true);
    } finally {
      await database.close();
    }
  });

  it('runs a write again, once, when its connection is terminated before COMMIT', async () => {
    const { url, database, runner } = await fixture();
    try {
      let attempts = 0;
      const write = runner.write(context, async (session) => {
        attempts++;
        await sql`insert into t (id) values (1)`.execute(session.db);
        if (attempts === 1) await sql`select pg_sleep(5) as write_before_commit`.execute(session.db);
        return attempts;
      });
      await terminateWhenRunning(url, 'write_before_commit');
      expect(await write).toBe(2);
      const { rows } = await sql<{ id: number }>`select id from t`.execute(database.db);
      expect(rows).toEqual([{ id: 1 }]);
    } finally {
      await database.close();
    }
  });

  it('does not run a write again when its connection is cut during COMMIT, whose outcome is unknown', async () => {
    const { url, database, runner } = await fixture();
    try {
      // A deferred constraint trigger makes COMMIT itself take a while, so the cut lands inside it.
      await sql
        .raw(
          `create function slow_commit() returns trigger language plpgsql as $$ begin perform pg_sleep(5); return null; end $$;
           create constraint trigger slow_commit after insert on t deferrable initially deferred for each row execute function slow_commit()`,
        )
        .execute(database.db);
      let attempts = 0;
      const write = runner.write(context, async (session) => {
        attempts++;
        await sql`insert into t (id) values (1)`.execute(session.db);
      });
      const failed = expect(write).rejects.toBeInstanceOf(DatabaseCommitInterrupted);
      await terminateWhenRunning(url, 'commit');
      await failed;
      await expect(write).rejects.toMatchObject({ httpStatus: 503, type: 'DatabaseCommitInterrupted' });
      expect(attempts).toBe(1);
    } finally {
      await database.close();
    }
  });

  it('gives up with a 503 DatabaseUnavailable once the database stays unreachable for the retry budget', async () => {
    const database = Database.open(`postgresql://postgres@127.0.0.1:${await freePort()}/nothing`, { logger: silentLogger });
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

  it('tells connection failures from other database errors', () => {
    expect(isDbConnectionError(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isDbConnectionError(Object.assign(new Error('the database system is starting up'), { code: '57P03' }))).toBe(true);
    expect(isDbConnectionError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDbConnectionError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDbConnectionError(Object.assign(new Error('duplicate key value'), { code: '23505' }))).toBe(false);
    expect(isDbConnectionError(Object.assign(new Error('syntax error'), { code: '42601' }))).toBe(false);
    expect(isDbConnectionError('Connection terminated')).toBe(false);
  });
});
