import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '@net-server/lib';
import { buildIfStale, type DatabaseKind as DialectName, databaseOptions, type Identity, startServer, type TestServer } from '@net-server/testkit';
export { DATABASE_KINDS as dialects, type DatabaseKind as DialectName } from '@net-server/testkit';

export const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** ML2 with local networks and the logger mechanism driver, as `core: 'ml2'` starts it. */
const ML2_CONFIG = { ml2: { type_drivers: ['local'], tenant_network_types: ['local'], mechanism_drivers: ['logger'] } };

/**
 * A server whose plugins are this package's built entry points, on a new
 * database; the core plugin is net-server's DbBasePlugin, or ML2 (built
 * too: its entry points name dist).
 */
export function startWith(
  dialect: DialectName,
  servicePlugins: readonly string[] = ['network_ip_availability'],
  core: 'net-server:DbBasePlugin' | 'ml2' = 'net-server:DbBasePlugin',
): Promise<TestServer> {
  if (core === 'ml2') buildIfStale(resolve(packageDir, '../ml2'));
  buildIfStale(packageDir);
  return startServer({
    root: packageDir,
    corePlugin: core,
    servicePlugins,
    config: { DEFAULT: { allow_overlapping_ips: true }, ...(core === 'ml2' ? ML2_CONFIG : {}) },
    logger: silentLogger,
    ...databaseOptions(dialect),
  });
}

const ADMIN: Identity = { projectId: 'admin-project', roles: ['admin', 'member'] };

/**
 * GET as `identity`, the body parsed with every integer of 16 digits or more
 * kept exact as a bigint: what a client that reads JSON integers exactly
 * (Python's json) gets, and what JSON.parse would round.
 */
export async function getExact(server: TestServer, path: string, identity: Identity = ADMIN): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${server.url}/v2.0${path}`, {
    headers: { accept: 'application/json', 'x-project-id': identity.projectId, 'x-roles': (identity.roles ?? ['member']).join(',') },
  });
  const text = await response.text();
  const marked = text.replace(/([:[,]\s*)(\d{16,})(?=\s*[,}\]])/g, '$1"bigint:$2"');
  const body = JSON.parse(marked, (_key, value: unknown) =>
    typeof value === 'string' && value.startsWith('bigint:') ? BigInt(value.slice('bigint:'.length)) : value,
  ) as Record<string, unknown>;
  return { status: response.status, body };
}
