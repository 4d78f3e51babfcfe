import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale, startServer, type TestServer } from '@net-server/testkit';

export const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packagesDir = resolve(packageDir, '..');

export type DialectName = 'sqlite' | 'postgres';
export const dialects: DialectName[] = ['sqlite', 'postgres'];
const POSTGRES_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

/** The VLAN ids ML2 hands out on physnet1; physnet2 takes provider ids only. */
export const VLAN_RANGE = { min: 100, max: 109 };

/**
 * The server loads ML2 and this plugin through their entry points, which
 * name dist; ML2's dist imports @net-server/lib's.
 */
export function buildPlugins(): void {
  for (const name of ['lib', 'ml2']) buildIfStale(resolve(packagesDir, name));
  buildIfStale(packageDir);
}

/**
 * A server with core_plugin = ml2 (vlan and vxlan type drivers, VLANs
 * 100-109 on physnet1 and any on physnet2) and the given service plugins
 * (`segments` unless told), on a temporary SQLite or PostgreSQL database.
 */
export function startSegmentsServer(dialect: DialectName, servicePlugins: readonly string[] = ['segments']): Promise<TestServer> {
  buildPlugins();
  return startServer({
    root: packageDir,
    corePlugin: 'ml2',
    servicePlugins,
    ...(dialect === 'postgres' ? { postgresUrl: POSTGRES_URL } : {}),
    config: {
      ml2: { type_drivers: ['vlan', 'vxlan'], tenant_network_types: ['vlan'], mechanism_drivers: ['logger'] },
      ml2_type_vlan: { network_vlan_ranges: [`physnet1:${VLAN_RANGE.min}:${VLAN_RANGE.max}`, 'physnet2'] },
      ml2_type_vxlan: { vni_ranges: ['1:100'] },
    },
  });
}
