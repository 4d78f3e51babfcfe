import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale, type DatabaseKind as DialectName, databaseOptions, startServer, type StartServerOptions, type TestServer } from '@net-server/testkit';
export { DATABASE_KINDS as dialects, type DatabaseKind as DialectName } from '@net-server/testkit';

export const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packagesDir = resolve(packageDir, '..');

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
 * core_plugin = ml2 with the vlan and vxlan type drivers, VLANs 100-109 on
 * physnet1 and any on physnet2, on a temporary SQLite or PostgreSQL
 * database.
 */
export function ml2ServerOptions(dialect: DialectName): StartServerOptions {
  return {
    root: packageDir,
    corePlugin: 'ml2',
    ...databaseOptions(dialect),
    config: {
      ml2: { type_drivers: ['vlan', 'vxlan'], tenant_network_types: ['vlan'], mechanism_drivers: ['logger'] },
      ml2_type_vlan: { network_vlan_ranges: [`physnet1:${VLAN_RANGE.min}:${VLAN_RANGE.max}`, 'physnet2'] },
      ml2_type_vxlan: { vni_ranges: ['1:100'] },
    },
  };
}

/** A server with ML2 (ml2ServerOptions) and the given service plugins, `segments` unless told. */
export function startSegmentsServer(dialect: DialectName, servicePlugins: readonly string[] = ['segments']): Promise<TestServer> {
  buildPlugins();
  return startServer({ ...ml2ServerOptions(dialect), servicePlugins });
}
