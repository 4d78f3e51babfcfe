import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { Database } from '../../src/db/database.js';
import type { Migration } from '../../src/db/migration.js';
import { Migrator } from '../../src/db/migrator.js';
import { coreMigrations } from '../../src/db-base-plugin/migrations.js';
import { createMysqlDatabase } from '../mysql.js';
import { withPgClient } from '../postgres.js';
import { request, startApi, type Reply, type RunningApi } from './api-harness.js';

/** The DB base plugin as a core_plugin spec. */
export const DB_BASE_PLUGIN = `${fileURLToPath(new URL('../../src/db-base-plugin/db-base-plugin.ts', import.meta.url))}:DbBasePlugin`;

export type DialectName = 'sqlite' | 'postgres' | 'mysql';
/** 'mysql' is the MariaDB on 127.0.0.1:3306 (../mysql.ts). */
export const dialects: DialectName[] = ['sqlite', 'postgres', 'mysql'];

const ADMIN_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

async function onPostgres(statement: string): Promise<void> {
  await withPgClient(ADMIN_URL, (client) => client.query(statement));
}

export interface TestDatabase {
  database: Database;
  url: string;
  /** Closes the database and removes the file or drops the PostgreSQL or MySQL database. */
  drop(): Promise<void>;
}

/**
 * A migrated throwaway database living as long as the caller keeps it (for
 * beforeAll fixtures): an SQLite file in a temp dir, or a uniquely named
 * PostgreSQL or MySQL database; `migrations` (all of the core's by default)
 * lets a migration test start from an older schema.
 */
export async function migratedDatabase(dialect: DialectName, migrations: Migration[] = coreMigrations): Promise<TestDatabase> {
  let url: string;
  let cleanup: () => Promise<void>;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'ns-api-'));
    url = `sqlite:///${join(dir, 'db.sqlite')}`;
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else if (dialect === 'mysql') {
    const created = await createMysqlDatabase();
    url = created.url;
    cleanup = created.drop;
  } else {
    const name = `ns_api_${randomBytes(6).toString('hex')}`;
    await onPostgres(`create database ${name}`);
    url = `postgresql://postgres@127.0.0.1:5432/${name}`;
    cleanup = () => onPostgres(`drop database if exists ${name} with (force)`);
  }
  const database = Database.open(url);
  await new Migrator(database, [{ packageName: 'net-server', migrations }]).upgrade();
  return {
    database,
    url,
    async drop() {
      await database.close();
      await cleanup();
    },
  };
}

/** What dbBasePluginApiForSuite serves: its URL, and requests to /v2.0 as the admin or as a member of a project. */
export interface SuiteApi {
  url(): string;
  admin(method: string, path: string, body?: unknown): Promise<Reply>;
  member(project: string, method: string, path: string, body?: unknown): Promise<Reply>;
}

/**
 * The DB base plugin's REST API on a migrated database of `dialect`, for
 * the enclosing describe: started before its tests with `config` ([section]
 * option as `SECTION.option`), stopped and the database dropped after them.
 */
export function dbBasePluginApiForSuite(dialect: DialectName, config: Record<string, string> = {}): SuiteApi {
  let db: TestDatabase | undefined;
  let running: RunningApi | undefined;
  beforeAll(async () => {
    db = await migratedDatabase(dialect);
    running = await startApi({ corePlugin: DB_BASE_PLUGIN, database: db.database, config });
  });
  afterAll(async () => {
    await running?.stop();
    await db?.drop();
  });
  const url = (): string => running!.url;
  const call = (project: string, roles: string, method: string, path: string, body?: unknown) =>
    request(url(), method, `/v2.0${path}`, { project, roles, ...(body === undefined ? {} : { body }) });
  return {
    url,
    admin: (method, path, body) => call('admin-project', 'admin', method, path, body),
    member: (project, method, path, body) => call(project, 'member', method, path, body),
  };
}
