import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql, type Kysely } from 'kysely';
import { createLogger } from '@net-server/lib';
import { describe, expect, it } from 'vitest';
import { maskPassword, parseConnectionUrl } from '../src/db/connection-url.js';
import { Database } from '../src/db/database.js';
import { DatabaseNotCurrentError, InvalidConnectionUrlError, MigrationDefinitionError, MigrationFailedError, UpgradeLockLostError } from '../src/db/errors.js';
import type { Migration, MigrationSchema, MigrationSet } from '../src/db/migration.js';
import { planMigrations } from '../src/db/migration-plan.js';
import { Migrator } from '../src/db/migrator.js';
import { leaseUpgrades } from '../src/db/mysql-upgrade-lock.js';
import { tempDir } from './helpers.js';
import { createMysqlTestDatabase, killConnections, MYSQL_SERVER_URL } from './mysql.js';
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

  it('reads a PostgreSQL URL without a host as libpq does: the Unix socket, in ?host= or the default directory', () => {
    expect(parseConnectionUrl('postgresql+psycopg2://neutron:pw@/neutron?host=/srv/pg')).toEqual({
      dialect: 'postgres',
      connectionString: 'postgresql://neutron:pw@/neutron?host=/srv/pg',
    });
    expect(parseConnectionUrl('postgresql://neutron@/neutron')).toEqual({
      dialect: 'postgres',
      connectionString: expect.stringMatching(/^postgresql:\/\/neutron@\/neutron\?host=(%2Fvar%2Frun%2Fpostgresql|%2Ftmp)$/),
    });
    expect(parseConnectionUrl('postgresql:///neutron?sslmode=disable')).toMatchObject({
      connectionString: expect.stringMatching(/^postgresql:\/\/\/neutron\?sslmode=disable&host=/),
    });
    expect(() => parseConnectionUrl('postgresql://u@:99999/db')).toThrow(/is not a valid PostgreSQL URL/);
  });

  it("reads MySQL and MariaDB URLs in neutron.conf's forms", () => {
    expect(parseConnectionUrl('mysql+pymysql://neutron:s%40cret@db.example:3306/neutron?charset=utf8&plugin=dbcounter')).toEqual({
      dialect: 'mysql',
      mysql: { host: 'db.example', port: 3306, user: 'neutron', password: 's@cret', database: 'neutron' },
    });
    expect(parseConnectionUrl('mysql://root@127.0.0.1/ns')).toEqual({ dialect: 'mysql', mysql: { host: '127.0.0.1', user: 'root', database: 'ns' } });
    expect(parseConnectionUrl('mariadb+mysqldb://u@[::1]:80/ns')).toEqual({ dialect: 'mysql', mysql: { host: '::1', port: 80, user: 'u', database: 'ns' } });
    expect(parseConnectionUrl('mysql+pymysql://u:p@/ns?unix_socket=/run/mysqld/mysqld.sock&connect_timeout=5')).toEqual({
      dialect: 'mysql',
      mysql: { socketPath: '/run/mysqld/mysqld.sock', connectTimeout: 5, user: 'u', password: 'p', database: 'ns' },
    });
    expect(parseConnectionUrl('mysql+pymysql://u@h/ns?ssl_ca=/etc/ca.pem&ssl_verify_identity=true')).toMatchObject({
      dialect: 'mysql',
      mysql: { ssl: { caFile: '/etc/ca.pem', verifyCert: true, verifyIdentity: true } },
    });
  });

  it('rejects what it cannot use, saying what would work', () => {
    expect(() => parseConnectionUrl('mysql+pymysql://u:p@h/')).toThrow(InvalidConnectionUrlError);
    expect(() => parseConnectionUrl('mysql+pymysql://u:p@h')).toThrow(/names no database/);
    expect(() => parseConnectionUrl('mysql+pymysql://u:secret@h/ns?read_default_file=/etc/my.cnf')).toThrow(
      /\*\*\*\*.*"read_default_file", which net-server does not know/,
    );
    expect(() => parseConnectionUrl('mysql://u@h/ns?connect_timeout=soon')).toThrow(/connect_timeout=soon: give a number of seconds/);
    expect(() => parseConnectionUrl('oracle://h/x')).toThrow(/unsupported scheme "oracle".*mysql\+pymysql:\/\//);
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
        await db.schema
          .createTable('run_log')
          .addColumn('id', 'varchar(64)', (c) => c.notNull())
          .execute();
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
    expect(() => planMigrations([{ packageName: 'x', migrations: [{ id: 'x1' } as unknown as Migration] }])).toThrow(/x exports a migration that is not/);
  });
});

async function runLog(db: Kysely<MigrationSchema>): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`select id from run_log`.execute(db);
  return rows.map((row) => row.id);
}

const dialects: [string, () => Promise<string>][] = [
  ['sqlite', () => Promise.resolve(`sqlite:///${join(tempDir(), 'state', 'net-server.sqlite')}`)],
  ['postgres', createTestDatabase],
  ['mysql', createMysqlTestDatabase],
];

describe.each(dialects)('Migrator on %s', (dialect, makeUrl) => {
  it('applies migrations in order once, records them per package and reports state', async () => {
    const database = Database.open(await makeUrl());
    expect(database.dialect).toBe(dialect);
    try {
      const sets: MigrationSet[] = [base, { packageName: '@acme/plugin', migrations: [logMigration('acme_1', ['core_0001_log']), logMigration('acme_2')] }];
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
      const migrator = new Migrator(database, [base, { packageName: 'bad', migrations: [failing, logMigration('bad_2')] }]);
      const error = await migrator.upgrade().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(MigrationFailedError);
      if (dialect === 'mysql') {
        // No transactional DDL: the table it created is dropped again, and the row it wrote after it rolled back.
        expect((error as MigrationFailedError).message).toMatch(
          /^migration bad_1 of bad failed: disk on fire\. MySQL commits schema changes as they run.*dropped again \(half_done\), and it had changed no table that existed before/,
        );
        expect((error as MigrationFailedError).partial).toEqual({ droppedTables: ['half_done'], alteredTables: [] });
      } else {
        expect((error as MigrationFailedError).message).toMatch(/^migration bad_1 of bad failed: disk on fire\. Its changes were rolled back/);
      }
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
  it('connects through the Unix socket a URL without a host names, to the database SQLAlchemy with psycopg2 reaches', async () => {
    const { pathname } = new URL(await createTestDatabase());
    const probe = 'select current_database(), inet_client_addr()::text';
    for (const url of [`postgresql+psycopg2://postgres@${pathname}?host=/var/run/postgresql`, `postgresql+psycopg2://postgres@${pathname}`]) {
      // neutron-server's own reading of the URL: SQLAlchemy and psycopg2 (libpq).
      const script =
        'import sqlalchemy, sys\nwith sqlalchemy.create_engine(sys.argv[1]).connect() as c: print(list(c.execute(sqlalchemy.text(sys.argv[2])).one()))';
      const { stdout } = await promisify(execFile)('/usr/bin/python3', ['-c', script, url, probe]);
      const database = Database.open(url);
      try {
        const { rows } = await sql.raw<Record<string, string | null>>(probe).execute(database.db);
        // The client address of a Unix-socket connection is null.
        expect(Object.values(rows[0]!)).toEqual([pathname.slice(1), null]);
        expect(stdout.trim()).toBe(`['${pathname.slice(1)}', None]`);
      } finally {
        await database.close();
      }
    }
  });

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

describe('Migrator on mysql', () => {
  it('hands the upgrade lease to one process at a time, takes over an expired one, and stops a holder that lost it', async () => {
    const url = await createMysqlTestDatabase();
    const one = Database.open(url);
    const two = Database.open(url);
    try {
      const first = await leaseUpgrades(one.db, 2, 50);
      let secondHeld = false;
      const second = leaseUpgrades(two.db, 2, 50).then((lease) => {
        secondHeld = true;
        return lease;
      });
      // Held and renewed: the other waits.
      for (let i = 0; i < 3; i++) {
        await new Promise((resolve) => setTimeout(resolve, 300));
        await first.renew();
        expect(secondHeld).toBe(false);
      }
      await first.release();
      const taken = await second;
      expect(taken.holder).not.toBe(first.holder);
      // Not renewed past its 2 s, it is taken over, and its holder finds out at its next renew.
      const third = await leaseUpgrades(one.db, 2, 50);
      expect(third.holder).not.toBe(taken.holder);
      await expect(taken.renew()).rejects.toBeInstanceOf(UpgradeLockLostError);
      await third.release();
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  it('applies each migration once when two engines upgrade at the same time (the lease)', async () => {
    const url = await createMysqlTestDatabase();
    const slow = (id: string): Migration => ({
      id,
      async up(db) {
        await sql`select sleep(0.05)`.execute(db);
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
      // The upgrade's connection went back to the pool with autocommit on: another connection sees a write at once.
      await sql`insert into run_log (id) values ('after')`.execute(one.db);
      expect(await runLog(two.db)).toContain('after');
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  it('creates InnoDB tables in utf8mb4 with a binary no-pad collation and real foreign keys', async () => {
    const database = Database.open(await createMysqlTestDatabase());
    try {
      const migration: Migration = {
        id: 'shape_1',
        async up(db) {
          await db.schema
            .createTable('parent')
            .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
            .execute();
          await db.schema
            .createTable('child')
            .addColumn('name', 'varchar(255)', (c) => c.primaryKey())
            .addColumn('parent_id', 'varchar(36)', (c) => c.notNull().references('parent.id').onDelete('cascade'))
            .execute();
        },
      };
      await new Migrator(database, [{ packageName: 'shape', migrations: [migration] }]).upgrade();
      const { rows: tables } = await sql<{ name: string; engine: string; collation: string }>`
        select table_name as name, engine, table_collation as collation from information_schema.tables
         where table_schema = database() order by table_name`.execute(database.db);
      expect(tables).toEqual([
        { name: 'child', engine: 'InnoDB', collation: 'utf8mb4_nopad_bin' },
        { name: 'net_server_migrations', engine: 'InnoDB', collation: 'utf8mb4_nopad_bin' },
        { name: 'net_server_upgrade_lease', engine: 'InnoDB', collation: 'utf8mb4_nopad_bin' },
        { name: 'parent', engine: 'InnoDB', collation: 'utf8mb4_nopad_bin' },
      ]);
      const { rows: keys } = await sql<{ rule: string; referenced: string }>`
        select delete_rule as rule, referenced_table_name as referenced from information_schema.referential_constraints
         where constraint_schema = database() and table_name = 'child'`.execute(database.db);
      expect(keys).toEqual([{ rule: 'CASCADE', referenced: 'parent' }]);
      // Names compare as on PostgreSQL and SQLite: by case, and with trailing spaces.
      await sql`insert into parent (id) values ('p')`.execute(database.db);
      await sql`insert into child (name, parent_id) values ('Web', 'p'), ('web', 'p'), ('web ', 'p')`.execute(database.db);
      const { rows } = await sql<{ name: string }>`select name from child where name = 'web'`.execute(database.db);
      expect(rows).toEqual([{ name: 'web' }]);
      await expect(sql`insert into child (name, parent_id) values ('orphan', 'nope')`.execute(database.db)).rejects.toMatchObject({ errno: 1452 });
      await sql`delete from parent`.execute(database.db);
      expect((await sql`select * from child`.execute(database.db)).rows).toEqual([]);
    } finally {
      await database.close();
    }
  });

  it('names the tables a failed migration had altered, which MySQL cannot roll back, and refuses inline references in ALTER TABLE', async () => {
    const database = Database.open(await createMysqlTestDatabase());
    try {
      const failing: Migration = {
        id: 'alters_1',
        after: ['core_0001_log'],
        async up(db) {
          await db.schema.alterTable('run_log').addColumn('extra', 'integer').execute();
          await db.schema
            .createTable('fresh')
            .addColumn('id', 'integer', (c) => c.primaryKey())
            .execute();
          throw new Error('second thoughts');
        },
      };
      const error = await new Migrator(database, [base, { packageName: 'alters', migrations: [failing] }]).upgrade().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(MigrationFailedError);
      expect((error as MigrationFailedError).partial).toEqual({ droppedTables: ['fresh'], alteredTables: ['run_log'] });
      expect((error as MigrationFailedError).message).toContain('but it had already changed run_log, which must be put back by hand');

      const inline: Migration = {
        id: 'inline_1',
        after: ['core_0001_log'],
        async up(db) {
          await db.schema
            .alterTable('run_log')
            .addColumn('parent', 'varchar(64)', (c) => c.references('run_log.id'))
            .execute();
        },
      };
      const refused = await new Migrator(database, [base, { packageName: 'inline', migrations: [inline] }]).upgrade().catch((caught: unknown) => caught);
      expect(refused).toBeInstanceOf(MigrationFailedError);
      expect((refused as MigrationFailedError).message).toMatch(/adds column parent with references\(\.\.\.\), which MySQL ignores.*addForeignKeyConstraint/);
      expect((refused as MigrationFailedError).cause).toMatchObject({ code: 'DB_MYSQL_SCHEMA_UNSUPPORTED' });
    } finally {
      await database.close();
    }
  });
});

describe('Database on mysql', () => {
  it('opens a neutron.conf URL, reads with READ COMMITTED and TRADITIONAL, and reports the dialect', async () => {
    const url = await createMysqlTestDatabase();
    expect(url.startsWith(`${MYSQL_SERVER_URL}/ns_test_`)).toBe(true);
    const database = Database.open(`${url}?charset=utf8`);
    try {
      expect(database.dialect).toBe('mysql');
      expect(database.displayUrl).toBe(`${url.replace(':net_server_test@', ':****@')}?charset=utf8`);
      const { rows } = await sql<{ isolation: string; mode: string; charset: string }>`
        select @@session.tx_isolation as isolation, @@session.sql_mode as mode, @@character_set_client as charset`.execute(database.db);
      expect(rows[0]).toMatchObject({ isolation: 'READ-COMMITTED', mode: expect.stringContaining('STRICT_ALL_TABLES'), charset: 'utf8mb4' });
    } finally {
      await database.close();
    }
  });

  it('outlives an idle connection the server KILLs, logs it and reconnects on the next query', async () => {
    const url = await createMysqlTestDatabase();
    const lines: string[] = [];
    const database = Database.open(url, { logger: createLogger({ write: (line) => lines.push(line) }) });
    try {
      await sql`select 1`.execute(database.db);
      expect(await killConnections(url)).toBe(1);
      await expect.poll(() => lines.length, { timeout: 5000 }).toBe(1);
      expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'warn', msg: expect.stringContaining('a database connection was lost') });
      const again = await sql<{ one: number }>`select 1 as one`.execute(database.db);
      expect(again.rows).toEqual([{ one: 1 }]);
    } finally {
      await database.close();
    }
  });
});
