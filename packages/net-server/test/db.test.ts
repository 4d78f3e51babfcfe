import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { createLogger } from '@net-server/lib';
import { describe, expect, it } from 'vitest';
import { maskPassword, parseConnectionUrl } from '../src/db/connection-url.js';
import { Database } from '../src/db/database.js';
import {
  DatabaseNotCurrentError,
  InvalidConnectionUrlError,
  MigrationDefinitionError,
  MigrationFailedError,
} from '../src/db/errors.js';
import type { Migration, MigrationSchema, MigrationSet } from '../src/db/migration.js';
import { planMigrations } from '../src/db/migration-plan.js';
import { Migrator } from '../src/db/migrator.js';
import { tempDir } from './helpers.js';
import { createTestDatabase } from './postgres.js';

describe('parseConnectionUrl', () => {
  it('follows SQLAlchemy URL conventions', () => {
    expect(parseConnectionUrl('sqlite:////var/lib/ns/db.sqlite')).toEqual({ dialect: 'sqlite', path: '/var/lib/ns/db.sqlite' });
    expect(parseConnectionUrl('sqlite:///rel/db.sqlite', '/app')).toEqual({ dialect: 'sqlite', path: '/app/rel/db.sqlite' });
    expect(parseConnectionUrl('sqlite://')).toEqual({ dialect: 'sqlite', path: ':memory:' });
    expect(parseConnectionUrl('postgresql+psycopg2://neutron:pw@db:5432/neutron?sslmode=disable')).toEqual({
      dialect: 'postgres',
      connectionString: 'postgresql://neutron:pw@db:5432/neutron?sslmode=disable',
    });
    expect(parseConnectionUrl('postgres://h/db')).toEqual({ dialect: 'postgres', connectionString: 'postgresql://h/db' });
  });

  it('rejects what it cannot use, saying what would work', () => {
    expect(() => parseConnectionUrl('mysql+pymysql://u:p@h/neutron')).toThrow(InvalidConnectionUrlError);
    expect(() => parseConnectionUrl('mysql+pymysql://u:p@h/neutron')).toThrow(/MySQL.*postgresql:\/\//);
    expect(() => parseConnectionUrl('oracle://h/x')).toThrow(/unsupported scheme "oracle"/);
    expect(() => parseConnectionUrl('just-a-path.db')).toThrow(/is not a URL/);
    expect(() => parseConnectionUrl('sqlite://host/x')).toThrow(/three slashes/);
    expect(maskPassword('postgresql://neutron:s3cret@db/neutron')).toBe('postgresql://neutron:****@db/neutron');
  });
});

/** Migrations that log the order they ran in. */
function logMigration(id: string, after?: string[]): Migration {
  return {
    id,
    ...(after ? { after } : {}),
    async up(db) {
      await sql`insert into run_log (id) values (${id})`.execute(db);
    },
  };
}

const base: MigrationSet = {
  packageName: 'net-server',
  migrations: [
    {
      id: 'core_0001_log',
      async up(db) {
        await db.schema.createTable('run_log').addColumn('id', 'varchar(64)', (c) => c.notNull()).execute();
      },
    },
  ],
};

describe('planMigrations', () => {
  it('keeps each package’s order and puts `after` dependencies first', () => {
    const plan = planMigrations([
      { packageName: 'b-plugin', migrations: [logMigration('b1', ['a2']), logMigration('b2')] },
      { packageName: 'a-plugin', migrations: [logMigration('a1', ['core_0001_log']), logMigration('a2')] },
      base,
    ]);
    expect(plan.map((step) => step.migration.id)).toEqual(['core_0001_log', 'a1', 'a2', 'b1', 'b2']);
  });

  it('rejects duplicates, unknown dependencies, cycles and malformed migrations', () => {
    expect(() => planMigrations([base, { packageName: 'x', migrations: [logMigration('core_0001_log')] }])).toThrow(
      /core_0001_log is declared by net-server and by x/,
    );
    const missing = () => planMigrations([{ packageName: 'x', migrations: [logMigration('x1', ['nope'])] }]);
    expect(missing).toThrow(MigrationDefinitionError);
    expect(missing).toThrow(/must run after nope, which no installed package provides/);
    expect(() =>
      planMigrations([
        { packageName: 'x', migrations: [logMigration('x1', ['y1'])] },
        { packageName: 'y', migrations: [logMigration('y1', ['x1'])] },
      ]),
    ).toThrow(/cycle/);
    expect(() => planMigrations([{ packageName: 'x', migrations: [{ id: 'x1' } as unknown as Migration] }])).toThrow(
      /x exports a migration that is not/,
    );
  });
});

async function runLog(db: Kysely<MigrationSchema>): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`select id from run_log`.execute(db);
  return rows.map((row) => row.id);
}

const dialects: [string, () => Promise<string>][] = [
  ['sqlite', () => Promise.resolve(`sqlite:///${join(tempDir(), 'state', 'net-server.sqlite')}`)],
  ['postgres', createTestDatabase],
];

describe.each(dialects)('Migrator on %s', (dialect, makeUrl) => {
  it('applies migrations in order once, records them per package and reports state', async () => {
    const database = Database.open(await makeUrl());
    expect(database.dialect).toBe(dialect);
    try {
      const sets: MigrationSet[] = [
        base,
        { packageName: '@acme/plugin', migrations: [logMigration('acme_1', ['core_0001_log']), logMigration('acme_2')] },
      ];
      const migrator = new Migrator(database, sets);
      await expect(migrator.assertCurrent()).rejects.toThrow(/no net-server tables yet.*net-server db upgrade/);
      expect(await migrator.state()).toEqual([
        { packageName: '@acme/plugin', current: undefined, applied: [], pending: ['acme_1', 'acme_2'], installed: true },
        { packageName: 'net-server', current: undefined, applied: [], pending: ['core_0001_log'], installed: true },
      ]);
      const first = await migrator.upgrade();
      expect(first.applied.map((m) => m.id)).toEqual(['core_0001_log', 'acme_1', 'acme_2']);
      expect((await migrator.upgrade()).applied).toEqual([]);
      expect(await runLog(database.db)).toEqual(['acme_1', 'acme_2']);
      await migrator.assertCurrent();
      const applied = await migrator.appliedMigrations();
      expect(applied.map((m) => [m.packageName, m.id])).toEqual(
        expect.arrayContaining([
          ['net-server', 'core_0001_log'],
          ['@acme/plugin', 'acme_1'],
          ['@acme/plugin', 'acme_2'],
        ]),
      );

      // A newer plugin version adds a migration: the database is behind until upgraded.
      const newer = new Migrator(database, [
        base,
        { packageName: '@acme/plugin', migrations: [logMigration('acme_1'), logMigration('acme_2'), logMigration('acme_3')] },
      ]);
      const behind = await newer.assertCurrent().catch((error: unknown) => error);
      expect(behind).toBeInstanceOf(DatabaseNotCurrentError);
      expect((behind as DatabaseNotCurrentError).message).toBe(
        'The database is behind the installed packages: 1 migration(s) pending (@acme/plugin: acme_3). ' +
          'Run `net-server db upgrade` with the same configuration options, then start again.',
      );
      expect((await newer.upgrade()).applied).toEqual([{ packageName: '@acme/plugin', id: 'acme_3' }]);

      // Uninstalling the plugin leaves its records, shown as not installed.
      const state = await new Migrator(database, [base]).state();
      expect(state.find((s) => s.packageName === '@acme/plugin')).toEqual({
        packageName: '@acme/plugin',
        current: undefined,
        applied: expect.arrayContaining(['acme_1', 'acme_2', 'acme_3']) as string[],
        pending: [],
        installed: false,
      });
    } finally {
      await database.close();
    }
    expect(database.closed).toBe(true);
    await database.close();
  });

  it('rolls a failing migration back and stops there', async () => {
    const database = Database.open(await makeUrl());
    try {
      const failing: Migration = {
        id: 'bad_1',
        after: ['core_0001_log'],
        async up(db) {
          await db.schema.createTable('half_done').addColumn('x', 'integer').execute();
          await sql`insert into run_log (id) values ('bad_1')`.execute(db);
          throw new Error('disk on fire');
        },
      };
      const migrator = new Migrator(database, [
        base,
        { packageName: 'bad', migrations: [failing, logMigration('bad_2')] },
      ]);
      const error = await migrator.upgrade().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(MigrationFailedError);
      expect((error as MigrationFailedError).message).toMatch(/^migration bad_1 of bad failed: disk on fire\. Its changes were rolled back/);
      expect(await runLog(database.db)).toEqual([]);
      const tables = await database.db.introspection.getTables();
      expect(tables.map((t) => t.name)).not.toContain('half_done');
      expect((await migrator.state()).find((s) => s.packageName === 'bad')?.pending).toEqual(['bad_1', 'bad_2']);
      expect((await migrator.state()).find((s) => s.packageName === 'net-server')?.current).toBe('core_0001_log');
    } finally {
      await database.close();
    }
  });
});

describe.each(dialects)('Migrator on a neutron database (%s)', (_dialect, makeUrl) => {
  it("refuses to upgrade a database that holds neutron-server's schema, and writes nothing there", async () => {
    const database = Database.open(await makeUrl());
    try {
      await sql`create table alembic_version (version_num varchar(32) not null)`.execute(database.db);
      const migrator = new Migrator(database, [base]);
      await expect(migrator.upgrade()).rejects.toMatchObject({ code: 'DB_IS_NEUTRONS', message: expect.stringContaining("holds neutron-server's own schema") });
      expect(await migrator.appliedMigrations()).toEqual([]);
    } finally {
      await database.close();
    }
  });
});

describe('Migrator concurrency on postgres', () => {
  it('applies each migration once when two engines upgrade at the same time', async () => {
    const url = await createTestDatabase();
    const slow = (id: string): Migration => ({
      id,
      async up(db) {
        await sql`select pg_sleep(0.05)`.execute(db);
        await sql`insert into run_log (id) values (${id})`.execute(db);
      },
    });
    const sets: MigrationSet[] = [base, { packageName: 'slow', migrations: [slow('s1'), slow('s2'), slow('s3')] }];
    const one = Database.open(url);
    const two = Database.open(url);
    try {
      const results = await Promise.all([new Migrator(one, sets).upgrade(), new Migrator(two, sets).upgrade()]);
      expect(results.flatMap((r) => r.applied.map((m) => m.id)).sort()).toEqual(['core_0001_log', 's1', 's2', 's3']);
      expect((await runLog(one.db)).sort()).toEqual(['s1', 's2', 's3']);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });
});

describe('Database on postgres', () => {
  it('outlives an idle connection the server terminates, logs it and reconnects on the next query', async () => {
    const url = await createTestDatabase();
    const lines: string[] = [];
    const database = Database.open(url, { logger: createLogger({ write: (line) => lines.push(line) }) });
    try {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(database.db);
      const killer = Database.open(url);
      try {
        await sql`select pg_terminate_backend(${rows[0]!.pid})`.execute(killer.db);
      } finally {
        await killer.close();
      }
      await expect.poll(() => lines.length, { timeout: 5000 }).toBe(1);
      expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'warn', msg: expect.stringContaining('a database connection was lost') });
      const again = await sql<{ one: number }>`select 1 as one`.execute(database.db);
      expect(again.rows).toEqual([{ one: 1 }]);
    } finally {
      await database.close();
    }
  });
});
