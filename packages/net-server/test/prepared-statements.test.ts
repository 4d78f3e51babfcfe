import { Context, silentLogger } from '@net-server/lib';
import { describe, expect, it } from 'vitest';
import { Database } from '../src/db/database.js';
import { isStalePreparedStatement, MAX_NAMED_STATEMENTS } from '../src/db/prepared-statements.js';
import { TransactionRunner } from '../src/db-base-plugin/transaction-runner.js';
import { sql } from '../src/index.js';
import { createTestDatabase, withPgClient } from './postgres.js';

const context = new Context({ isAdmin: true, requestId: 'req-prepared' });

/** A PostgreSQL database with table `t` (id, name), opened with one pooled connection so that every query meets the same one. */
async function fixture(preparedStatements?: boolean): Promise<{ database: Database; url: string }> {
  const url = await createTestDatabase();
  const database = Database.open(url, {
    maxPoolSize: 1,
    logger: silentLogger,
    ...(preparedStatements === undefined ? {} : { preparedStatements }),
  });
  await sql`create table t (id integer primary key, name text)`.execute(database.db);
  await sql`insert into t (id, name) values (1, 'one'), (2, 'two')`.execute(database.db);
  return { database, url };
}

/** Runs `statement` on a connection of its own, as a migration run from another host would. */
async function elsewhere(url: string, statement: string): Promise<void> {
  await withPgClient(url, (client) => client.query(statement));
}

/** The texts of the statements prepared on the (one) connection. */
async function prepared(db: Database['db']): Promise<string[]> {
  const { rows } = await sql<{ statement: string }>`select statement from pg_prepared_statements order by prepare_time`.execute(db);
  return rows.map((row) => row.statement);
}

const byId = (db: Database['db'], id: number) => sql<{ id: number; name: string }>`select * from t where id = ${id}`.execute(db);

describe('PostgreSQL prepared statements', () => {
  it('names a text with parameters once it runs a second time, and not one run once or one without parameters', async () => {
    const { database } = await fixture();
    try {
      await byId(database.db, 1);
      expect(await prepared(database.db)).toEqual([]);
      expect((await byId(database.db, 2)).rows).toEqual([{ id: 2, name: 'two' }]);
      expect((await byId(database.db, 1)).rows).toEqual([{ id: 1, name: 'one' }]);
      await sql`select name from t where id = ${1} and name = ${'one'}`.execute(database.db);
      await sql`select count(*) from t`.execute(database.db);
      await sql`select count(*) from t`.execute(database.db);
      expect(await prepared(database.db)).toEqual(['select * from t where id = $1']);
    } finally {
      await database.close();
    }
  });

  it('names nothing with preparedStatements: false', async () => {
    const { database } = await fixture(false);
    try {
      for (const id of [1, 2, 1]) await byId(database.db, id);
      expect(await prepared(database.db)).toEqual([]);
    } finally {
      await database.close();
    }
  });

  it('names a text once whatever its values, and at most MAX_NAMED_STATEMENTS texts on a connection; the rest still run', async () => {
    const { database } = await fixture();
    try {
      for (let i = 0; i < MAX_NAMED_STATEMENTS + 10; i++) {
        for (let run = 0; run < 2; run++) {
          expect((await sql<{ id: number }>`select id, ${i}::int as n from t where id = ${1}`.execute(database.db)).rows).toEqual([{ id: 1, n: i }]);
        }
      }
      // One text, whatever its values: one statement.
      expect((await prepared(database.db)).length).toBe(1);
      for (let i = 0; i < MAX_NAMED_STATEMENTS + 10; i++) {
        const text = sql.raw(`select id, ${i} as n from t where id = `);
        for (let run = 0; run < 2; run++) await sql`${text}${1}`.execute(database.db);
      }
      expect((await prepared(database.db)).length).toBe(MAX_NAMED_STATEMENTS);
    } finally {
      await database.close();
    }
  });

  it('prepares a statement again when a migration from elsewhere changed its result columns: at once outside a transaction, and through the TransactionRunner inside one', async () => {
    const { database, url } = await fixture();
    try {
      await byId(database.db, 1);
      await byId(database.db, 1);
      await elsewhere(url, `alter table t add column description text default 'd'`);
      // Outside a transaction block PostgreSQL's refusal of the stale plan is not seen: the statement is prepared again and run.
      expect((await byId(database.db, 1)).rows).toEqual([{ id: 1, name: 'one', description: 'd' }]);
      expect(await prepared(database.db)).toHaveLength(1);

      // Inside one the refusal has failed the transaction: the error is the caller's...
      await byId(database.db, 2);
      await elsewhere(url, 'alter table t add column mtu integer default 1500');
      const stale = await database.db.connection().execute(async (connection) => {
        await sql`begin`.execute(connection);
        try {
          return await byId(connection, 2).catch((error: unknown) => error);
        } finally {
          await sql`rollback`.execute(connection);
        }
      });
      expect(isStalePreparedStatement(stale)).toBe(true);
      // The old statement is deallocated at the connection's next query outside a transaction.
      expect(await prepared(database.db)).toEqual([]);
      // ...and the TransactionRunner runs the whole transaction again.
      await byId(database.db, 1);
      await elsewhere(url, `alter table t add column status text default 'ACTIVE'`);
      let attempts = 0;
      const written = await new TransactionRunner(database, silentLogger).write(context, async (session) => {
        attempts++;
        await sql`update t set name = ${'uno'} where id = ${1}`.execute(session.db);
        return (await sql<Record<string, unknown>>`select * from t where id = ${1}`.execute(session.db)).rows;
      });
      expect(written).toEqual([{ id: 1, name: 'uno', description: 'd', mtu: 1500, status: 'ACTIVE' }]);
      expect(attempts).toBe(2);
    } finally {
      await database.close();
    }
  });

  it('deallocates and forgets what a connection named when it changes the schema itself, as a migration does, in a transaction or not', async () => {
    const { database } = await fixture();
    try {
      await byId(database.db, 1);
      await byId(database.db, 1);
      expect(await prepared(database.db)).toEqual(['select * from t where id = $1']);
      await sql`alter table t add column description text default 'd'`.execute(database.db);
      expect(await prepared(database.db)).toEqual([]);
      expect((await byId(database.db, 1)).rows).toEqual([{ id: 1, name: 'one', description: 'd' }]);
      expect((await byId(database.db, 2)).rows).toEqual([{ id: 2, name: 'two', description: 'd' }]);
      expect(await prepared(database.db)).toEqual(['select * from t where id = $1']);

      await database.db.connection().execute(async (connection) => {
        await sql`begin`.execute(connection);
        await byId(connection, 1);
        await sql`create index t_name on t (name)`.execute(connection);
        expect(await prepared(connection)).toEqual([]);
        await byId(connection, 2);
        await byId(connection, 2);
        await sql`commit`.execute(connection);
      });
      expect(await prepared(database.db)).toEqual(['select * from t where id = $1']);
    } finally {
      await database.close();
    }
  });
});
