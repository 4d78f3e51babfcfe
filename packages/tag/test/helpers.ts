import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '@net-server/lib';
import {
  type ApiResponse,
  buildIfStale,
  type DatabaseKind as DialectName,
  databaseOptions,
  startServer,
  type StartServerOptions,
  type TestServer,
} from '@net-server/testkit';
import { expect } from 'vitest';
export { DATABASE_KINDS as dialects, type DatabaseKind as DialectName, failure } from '@net-server/testkit';

export const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packagesDir = resolve(packageDir, '..');

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
    ...databaseOptions(dialect),
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
