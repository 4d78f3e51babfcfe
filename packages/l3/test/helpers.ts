import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentLogger, type CorePlugin } from '@net-server/lib';
import type { Database } from 'net-server';
import type { L3RouterPlugin } from '@net-server/l3';
import { addressNotHeld, buildIfStale, type DatabaseKind, databaseOptions, startServer as startTestServer } from '@net-server/testkit';

export const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export type DialectName = DatabaseKind;
export { DATABASE_KINDS as dialects } from '@net-server/testkit';

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
 * A server as `net-server start` builds it, through testkit's startServer:
 * this package (built) and what it has installed provide the plugins,
 * `core_plugin = net-server:DbBasePlugin`, `service_plugins` (`router` unless
 * given), a fresh database (an SQLite file or a throwaway PostgreSQL or MySQL
 * database), the REST API on a free port.
 */
export async function startServer(dialect: DialectName, servicePlugins = 'router'): Promise<L3Server> {
  // The server loads the plugin through its entry points, from dist.
  buildIfStale(packageDir);
  const server = await startTestServer({
    root: packageDir,
    servicePlugins: servicePlugins.split(',').filter((name) => name !== ''),
    config: { DEFAULT: { allow_overlapping_ips: true } },
    logger: silentLogger,
    ...databaseOptions(dialect),
  });
  const base = `${server.url}/v2.0`;
  return {
    plugin: server.manager.getPluginForResource('routers') as L3RouterPlugin | undefined,
    core: server.manager.corePlugin,
    database: server.database,
    url: server.url,
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
    close: () => server.stop(),
  };
}

/** The first of `candidates` that no port holds on `subnetId` (see testkit's addressNotHeld). */
export async function unusedAddress(server: L3Server, subnetId: string, candidates: readonly string[]): Promise<string> {
  const ports = (await server.request('GET', `/ports?fixed_ips=subnet_id%3D${subnetId}&fields=fixed_ips`)).body['ports'] as {
    fixed_ips: { ip_address: string }[];
  }[];
  return addressNotHeld(
    ports.flatMap((port) => port.fixed_ips.map((ip) => ip.ip_address)),
    candidates,
  );
}
