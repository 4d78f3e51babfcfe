import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale, startServer, type ApiResponse, type StartServerOptions, type TestServer } from '@net-server/testkit';
import { expect } from 'vitest';

export const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packagesDir = resolve(packageDir, '..');

export type Dict = Record<string, unknown>;
export type DialectName = 'sqlite' | 'postgres';
export const dialects: DialectName[] = ['sqlite', 'postgres'];
const POSTGRES_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

/** The server loads ML2, the router plugin and this one through their entry points, which name dist. */
export function buildPlugins(): void {
  for (const name of ['lib', 'rpc', 'ml2', 'l3']) buildIfStale(resolve(packagesDir, name));
  buildIfStale(packageDir);
}

/**
 * core_plugin = ml2 (openvswitch, vxlan tenant networks) with the router
 * and metering service plugins, on a temporary SQLite or PostgreSQL database.
 */
export function meteringServerOptions(dialect: DialectName, more: Partial<StartServerOptions> = {}): StartServerOptions {
  return {
    root: packageDir,
    corePlugin: 'ml2',
    servicePlugins: ['router', 'metering'],
    ...(dialect === 'postgres' ? { postgresUrl: POSTGRES_URL } : {}),
    ...more,
    config: {
      ml2: { type_drivers: ['flat', 'vxlan'], tenant_network_types: ['vxlan'], mechanism_drivers: ['openvswitch'] },
      ml2_type_vxlan: { vni_ranges: ['1:100'] },
      ...more.config,
    },
  };
}

export function startMeteringServer(dialect: DialectName, more: Partial<StartServerOptions> = {}): Promise<TestServer> {
  buildPlugins();
  return startServer(meteringServerOptions(dialect, more));
}

export function created(reply: ApiResponse, key: string): Dict {
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body[key] as Dict;
}

export function ok(reply: ApiResponse, key: string): Dict {
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body[key] as Dict;
}

/** The NeutronError of a failed request, after checking its status and type; its message. */
export function failure(reply: ApiResponse, status: number, type: string): string {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  const error = reply.body['NeutronError'] as Dict;
  expect(error['type']).toBe(type);
  return String(error['message']);
}
