import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentLogger, type CorePlugin } from '@net-server/lib';
import { coreMigrations, createApiServer, Database, loadConfig, Migrator, NeutronManager, type ApiServer } from 'net-server';
import { sql } from 'kysely';
import { migrations, type L3RouterPlugin } from '@net-server/l3';
import { buildIfStale } from '@net-server/testkit';
import { createMysqlDatabase } from '../../net-server/test/mysql.js';

export const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoDir = resolve(packageDir, '../..');
const ADMIN_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

export type DialectName = 'sqlite' | 'postgres' | 'mysql';
/** 'mysql' is the MariaDB on 127.0.0.1:3306 (net-server's test/mysql.ts). */
export const dialects: DialectName[] = ['sqlite', 'postgres', 'mysql'];

async function onPostgres(statement: string): Promise<void> {
  const admin = Database.open(ADMIN_URL);
  try {
    await sql.raw(statement).execute(admin.db);
  } finally {
    await admin.close();
  }
}

/**
 * A temporary application directory whose node_modules links workspace
 * packages (name -> folder under packages/), so that the server finds them
 * through their entry points as installed packages; builds this package first.
 */
export function appWithPackages(packages: Record<string, string>): string {
  // The server loads the plugin through its entry points, from dist.
  buildIfStale(packageDir);
  const dir = mkdtempSync(join(tmpdir(), 'l3-test-'));
  for (const [name, folder] of Object.entries(packages)) {
    const link = join(dir, 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(repoDir, 'packages', folder), link, 'dir');
  }
  return dir;
}

export interface Reply {
  status: number;
  body: Record<string, unknown>;
}

export interface L3Server {
  /** undefined when `router` is not in service_plugins. */
  plugin: L3RouterPlugin | undefined;
  core: CorePlugin;
  database: Database;
  /** The API's root, e.g. http://127.0.0.1:41234 (the endpoint clients take). */
  url: string;
  /** A request as project `project` (admin unless `roles` say otherwise). */
  request(method: string, path: string, body?: unknown, identity?: { project?: string; roles?: string }): Promise<Reply>;
  close(): Promise<void>;
}

/**
 * A server as `net-server start` builds it: an application directory whose
 * node_modules links net-server and the built @net-server/l3, `core_plugin =
 * net-server:DbBasePlugin`, `service_plugins` (`router` unless given), a migrated database
 * (an SQLite file or a throwaway PostgreSQL or MySQL database), the REST API on a
 * free port.
 */
export async function startServer(dialect: DialectName, servicePlugins = 'router'): Promise<L3Server> {
  const dir = appWithPackages({ '@net-server/l3': 'l3', 'net-server': 'net-server' });
  let databaseUrl: string;
  let dropDatabase = async (): Promise<void> => {};
  if (dialect === 'sqlite') {
    databaseUrl = `sqlite:///${join(dir, 'db.sqlite')}`;
  } else if (dialect === 'mysql') {
    const created = await createMysqlDatabase();
    databaseUrl = created.url;
    dropDatabase = created.drop;
  } else {
    const name = `ns_l3_${randomBytes(6).toString('hex')}`;
    await onPostgres(`create database ${name}`);
    databaseUrl = `postgresql://postgres@127.0.0.1:5432/${name}`;
    dropDatabase = () => onPostgres(`drop database if exists ${name} with (force)`);
  }
  const conf = join(dir, 'net-server.conf');
  writeFileSync(conf, ['[DEFAULT]', 'core_plugin = net-server:DbBasePlugin', `service_plugins = ${servicePlugins}`, 'allow_overlapping_ips = true'].join('\n'));
  const plugins = { root: dir };
  const config = await loadConfig({ configFiles: [conf], plugins, env: {} });
  const database = Database.open(databaseUrl);
  await new Migrator(database, [
    { packageName: 'net-server', migrations: coreMigrations },
    { packageName: '@net-server/l3', migrations },
  ]).upgrade();
  NeutronManager.clearInstance();
  const manager = await NeutronManager.load({ config, database, logger: silentLogger, plugins });
  const plugin = manager.getPluginForResource('routers') as L3RouterPlugin | undefined;
  const api: ApiServer = await createApiServer({ manager, config, logger: silentLogger, plugins });
  const address = await api.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${address.port}`;
  const base = `${url}/v2.0`;
  return {
    plugin,
    core: manager.corePlugin,
    database,
    url,
    async request(method, path, body, identity = {}) {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: {
          'content-type': 'application/json',
          'x-project-id': identity.project ?? 'admin-project',
          'x-roles': identity.roles ?? 'admin,member',
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
    },
    async close() {
      await api.close();
      NeutronManager.clearInstance();
      await database.close();
      await dropDatabase();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
