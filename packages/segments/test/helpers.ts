import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale, startServer, type StartServerOptions, type TestServer } from '@net-server/testkit';

export const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packagesDir = resolve(packageDir, '..');

export type DialectName = 'sqlite' | 'postgres' | 'mysql';
/** 'mysql' is the MariaDB on 127.0.0.1:3306, through the test account `.ci/run` creates. */
export const dialects: DialectName[] = ['sqlite', 'postgres', 'mysql'];
const POSTGRES_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
const MYSQL_URL = 'mysql+pymysql://net_server_test:net_server_test@127.0.0.1:3306/information_schema';

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
    ...(dialect === 'postgres' ? { postgresUrl: POSTGRES_URL } : dialect === 'mysql' ? { mysqlUrl: MYSQL_URL } : {}),
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
