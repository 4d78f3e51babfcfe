import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '@net-server/lib';
import {
  type ApiClient,
  type ApiResponse,
  buildIfStale,
  created,
  type DatabaseKind as DialectName,
  databaseOptions,
  startServer,
  type StartServerOptions,
  type TestServer,
} from '@net-server/testkit';
export { DATABASE_KINDS as dialects, type DatabaseKind as DialectName, created, failure, ok } from '@net-server/testkit';

export const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packagesDir = resolve(packageDir, '..');

export type Dict = Record<string, unknown>;
/** The MariaDB on 127.0.0.1:3306, through the test account `.ci/run` creates. */

/** Two projects' members, as tempest's primary and alt credentials (the server's client is an admin). */
export const MEMBER = { projectId: 'project-a', userId: 'user-a', roles: ['member', 'reader'] };
export const OTHER = { projectId: 'project-b', userId: 'user-b', roles: ['member', 'reader'] };

/** The server loads ML2 and this plugin through their entry points, which name dist (net-server's too, for the core's subnet pool checks). */
export function buildPlugins(): void {
  for (const name of ['lib', 'net-server', 'rpc', 'ml2']) buildIfStale(resolve(packagesDir, name));
  buildIfStale(packageDir);
}

/** core_plugin = ml2 (local networks, the logger mechanism driver) with this package installed, on a temporary SQLite, PostgreSQL or MariaDB database. */
export function serverOptions(dialect: DialectName, more: Partial<StartServerOptions> = {}): StartServerOptions {
  return {
    root: packageDir,
    corePlugin: 'ml2',
    servicePlugins: ['address_scope'],
    logger: silentLogger,
    ...databaseOptions(dialect),
    config: { ml2: { type_drivers: ['local'], tenant_network_types: ['local'], mechanism_drivers: ['logger'] } },
    ...more,
  };
}

export function startAddressScopeServer(dialect: DialectName, more: Partial<StartServerOptions> = {}): Promise<TestServer> {
  buildPlugins();
  return startServer(serverOptions(dialect, more));
}

export async function aliases(server: TestServer): Promise<string[]> {
  return ((await server.client.get('/extensions')).body['extensions'] as { alias: string }[]).map((extension) => extension.alias);
}

/** An IPv4 or IPv6 address scope made by `client`, with a name of tempest's kind. */
export async function addressScope(client: ApiClient, body: Dict = {}): Promise<Dict> {
  return created(await client.post('/address-scopes', { address_scope: { name: 'smoke-address-scope', ip_version: 4, ...body } }), 'address_scope');
}

/** A subnet pool made by `client`, as tempest's _create_subnetpool (min_prefixlen as a string, its default prefixes). */
export function subnetpool(client: ApiClient, body: Dict = {}): Promise<ApiResponse> {
  return client.post('/subnetpools', { subnetpool: { name: 'tempest-smoke-subnetpool', prefixes: ['10.11.12.0/24'], min_prefixlen: '29', ...body } });
}
