import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildIfStale,
  created,
  databaseOptions,
  startServer,
  type ApiClient,
  type DatabaseKind,
  type StartServerOptions,
  type TestServer,
} from '@net-server/testkit';

export { DATABASE_KINDS as dialects, created, failure, ok, type DatabaseKind as DialectName } from '@net-server/testkit';

export type Dict = Record<string, unknown>;

export const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packagesDir = resolve(packageDir, '..');

/** The server loads ML2 and this plugin through their entry points, which name dist. */
export function buildPlugins(): void {
  for (const name of ['lib', 'rpc', 'ml2']) buildIfStale(resolve(packagesDir, name));
  buildIfStale(packageDir);
}

/** core_plugin = ml2 (openvswitch, vxlan tenant networks), service_plugins = local_ip. */
export function startLocalIpServer(dialect: DatabaseKind, more: Partial<StartServerOptions> = {}): Promise<TestServer> {
  buildPlugins();
  return startServer({
    root: packageDir,
    corePlugin: 'ml2',
    servicePlugins: ['local_ip'],
    ...databaseOptions(dialect),
    ...more,
    config: {
      ml2: { type_drivers: ['flat', 'vxlan'], tenant_network_types: ['vxlan'], mechanism_drivers: ['openvswitch'] },
      ml2_type_vxlan: { vni_ranges: ['1:100'] },
      ...more.config,
    },
  });
}

/** A tenant's network with an IPv4 subnet (10.0.0.0/24), and ports on it. */
export interface TenantNetwork {
  readonly network: Dict;
  readonly subnet: Dict;
  port(fixedIps?: Dict[]): Promise<Dict>;
}

export async function tenantNetwork(tenant: ApiClient, cidr = '10.0.0.0/24'): Promise<TenantNetwork> {
  const network = created(await tenant.post('/networks', { network: { name: 'n' } }), 'network');
  const subnet = created(await tenant.post('/subnets', { subnet: { network_id: network['id'], ip_version: 4, cidr } }), 'subnet');
  return {
    network,
    subnet,
    port: async (fixedIps) =>
      created(await tenant.post('/ports', { port: { network_id: network['id'], ...(fixedIps ? { fixed_ips: fixedIps } : {}) } }), 'port'),
  };
}

export const addressOf = (port: Dict, at = 0): string => String((port['fixed_ips'] as Dict[])[at]!['ip_address']);
