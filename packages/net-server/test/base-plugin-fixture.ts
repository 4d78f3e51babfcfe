import { join } from 'node:path';
import { Context } from '@net-server/lib';
import { sql } from 'kysely';
import { afterEach } from 'vitest';
import { Database } from '../src/db/database.js';
import { Migrator } from '../src/db/migrator.js';
import type { SqliteDriverChoice } from '../src/db/sqlite-driver.js';
import { DbBasePlugin, type DbBasePluginOptions } from '../src/db-base-plugin/db-base-plugin.js';
import { coreMigrations } from '../src/db-base-plugin/migrations.js';
import { tempDir } from './helpers.js';
import { createMysqlTestDatabase } from './mysql.js';
import { createTestDatabase } from './postgres.js';

export type DialectName = 'sqlite' | 'postgres' | 'mysql';
/** 'mysql' is the MariaDB on 127.0.0.1:3306 (mysql.ts). */
export const dialects: DialectName[] = ['sqlite', 'postgres', 'mysql'];

const opened: Database[] = [];

afterEach(async () => {
  for (const database of opened.splice(0)) await database.close();
});

/** A migrated throwaway database: an SQLite file in a temp dir (on the given driver), or a fresh PostgreSQL or MySQL database. */
export async function migratedDatabase(dialect: DialectName, sqliteDriver?: SqliteDriverChoice): Promise<{ database: Database; url: string }> {
  const url =
    dialect === 'sqlite'
      ? `sqlite:///${join(tempDir('ns-base-'), 'db.sqlite')}`
      : dialect === 'postgres'
        ? await createTestDatabase()
        : await createMysqlTestDatabase();
  const database = Database.open(url, sqliteDriver === undefined ? {} : { sqliteDriver });
  opened.push(database);
  await new Migrator(database, [{ packageName: 'net-server', migrations: coreMigrations }]).upgrade();
  return { database, url };
}

export async function basePlugin(dialect: DialectName, options: Partial<DbBasePluginOptions> = {}): Promise<DbBasePlugin> {
  const { database } = await migratedDatabase(dialect);
  return new DbBasePlugin({ database, ...options });
}

export const admin = new Context({ userId: 'admin', projectId: 'admin-project', roles: ['admin'] });
export const alice = new Context({ userId: 'alice', projectId: 'project-a', roles: ['member'] });
export const bob = new Context({ userId: 'bob', projectId: 'project-b', roles: ['member'] });

/**
 * How many statements on `database` wait for a lock another connection
 * holds. PostgreSQL says so (pg_stat_activity); on MySQL, whose lock waits
 * need the PROCESS privilege to see, the holder idles in the test, so a
 * locking statement still running on another connection is waiting for it.
 */
export async function lockWaits(database: Database): Promise<number> {
  const { rows } =
    database.dialect === 'mysql'
      ? await sql<{ waiting: string }>`select count(*) as waiting from information_schema.processlist
          where db = database() and id <> connection_id() and command = 'Query'
            and (info like '%for update%' or info like '%lock in share mode%' or info like '%net_server_global_locks%')`.execute(database.db)
      : await sql<{
          waiting: string;
        }>`select count(*) as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(database.db);
  return Number(rows[0]?.waiting ?? 0);
}
