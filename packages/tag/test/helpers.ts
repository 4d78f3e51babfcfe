import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '@net-server/lib';
import { buildIfStale, startServer, type ApiResponse, type StartServerOptions, type TestServer } from '@net-server/testkit';
import { expect } from 'vitest';

export const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packagesDir = resolve(packageDir, '..');
export const POSTGRES_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
/** The MariaDB on 127.0.0.1:3306, through the test account `.ci/run` creates. */
export const MYSQL_URL = 'mysql+pymysql://net_server_test:net_server_test@127.0.0.1:3306/information_schema';
export type DialectName = 'sqlite' | 'postgres' | 'mysql';
export const dialects: readonly DialectName[] = ['sqlite', 'postgres', 'mysql'];

export type Dict = Record<string, unknown>;

/**
 * The server loads every plugin through its entry points, which name dist:
 * this package's, and those of ML2, L3 and segments (devDependencies, so
 * installed beside it), which import lib's and net-server's dist.
 */
export function buildPlugins(): void {
  for (const name of ['lib', 'net-server', 'ml2', 'l3', 'segments']) buildIfStale(resolve(packagesDir, name));
  buildIfStale(packageDir);
}

/** ML2 with local networks and the logger mechanism driver. */
export const ML2_CONFIG = { ml2: { type_drivers: ['local'], tenant_network_types: ['local'], mechanism_drivers: ['logger'] } };

/** Options for a server on this package's folder (L3, ML2 and segments installed) with the given core and service plugins. */
export function serverOptions(dialect: DialectName, servicePlugins: readonly string[], corePlugin = 'ml2'): StartServerOptions {
  return {
    root: packageDir,
    corePlugin,
    servicePlugins,
    config: { DEFAULT: { allow_overlapping_ips: true }, ...(corePlugin === 'ml2' ? ML2_CONFIG : {}) },
    logger: silentLogger,
    ...(dialect === 'postgres' ? { postgresUrl: POSTGRES_URL } : dialect === 'mysql' ? { mysqlUrl: MYSQL_URL } : {}),
  };
}

/** core_plugin = ml2 and the given service plugins (the router and tag plugins unless told). */
export function startTagServer(dialect: DialectName, servicePlugins: readonly string[] = ['router', 'tag'], corePlugin = 'ml2'): Promise<TestServer> {
  buildPlugins();
  return startServer(serverOptions(dialect, servicePlugins, corePlugin));
}

export async function aliases(server: TestServer): Promise<string[]> {
  return ((await server.client.get('/extensions')).body['extensions'] as { alias: string }[]).map((extension) => extension.alias);
}

/** The member of a 2xx reply. */
export function ok(reply: ApiResponse, key: string): Dict {
  expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(300);
  return reply.body[key] as Dict;
}

/** The NeutronError of a failed reply, checked for its status and type; its message. */
export function failure(reply: ApiResponse, status: number, type: string): string {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  const error = reply.body['NeutronError'] as Dict;
  expect(error['type']).toBe(type);
  return String(error['message']);
}
