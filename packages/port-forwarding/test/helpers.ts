import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type ApiClient,
  buildIfStale,
  created,
  type DatabaseKind as DialectName,
  databaseOptions,
  startServer,
  type StartServerOptions,
  type TestServer,
} from '@net-server/testkit';
import { expect } from 'vitest';
export { DATABASE_KINDS as dialects, type DatabaseKind as DialectName, created, failure, ok } from '@net-server/testkit';

export const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packagesDir = resolve(packageDir, '..');

export type Dict = Record<string, unknown>;

/** The server loads ML2, the router plugin and this one through their entry points, which name dist. */
export function buildPlugins(): void {
  for (const name of ['lib', 'rpc', 'ml2', 'l3']) buildIfStale(resolve(packagesDir, name));
  buildIfStale(packageDir);
}

/** core_plugin = ml2 (openvswitch, vxlan tenant networks), service_plugins = router,port_forwarding. */
export function forwardingServerOptions(dialect: DialectName, more: Partial<StartServerOptions> = {}): StartServerOptions {
  return {
    root: packageDir,
    corePlugin: 'ml2',
    servicePlugins: ['router', 'port_forwarding'],
    ...databaseOptions(dialect),
    ...more,
    config: {
      ml2: { type_drivers: ['flat', 'vxlan'], tenant_network_types: ['vxlan'], mechanism_drivers: ['openvswitch'] },
      ml2_type_vxlan: { vni_ranges: ['1:100'] },
      ...more.config,
    },
  };
}

export function startForwardingServer(dialect: DialectName, more: Partial<StartServerOptions> = {}): Promise<TestServer> {
  buildPlugins();
  return startServer(forwardingServerOptions(dialect, more));
}

/** A project's network behind a router to an external network, as a tenant builds it for floating IPs. */
export interface Topology {
  externalNet: string;
  internalNet: string;
  internalSubnet: string;
  routerId: string;
  /** The tenant's client (member of `tenant-a`). */
  tenant: ApiClient;
  /** A new port on the internal network, the tenant's. */
  port(fixedIps?: Dict[]): Promise<Dict>;
  /** A new floating IP on the external network, the tenant's. */
  floatingIp(): Promise<Dict>;
}

export async function buildTopology(server: TestServer, cidr = '10.0.0.0/24', externalCidr = '172.24.4.0/24'): Promise<Topology> {
  const admin = server.client;
  const tenant = admin.as({ projectId: 'tenant-a', roles: ['member'] });
  const externalNet = String(created(await admin.post('/networks', { network: { name: 'public', 'router:external': true } }), 'network')['id']);
  created(await admin.post('/subnets', { subnet: { network_id: externalNet, ip_version: 4, cidr: externalCidr } }), 'subnet');
  const internalNet = String(created(await tenant.post('/networks', { network: { name: 'private' } }), 'network')['id']);
  const internalSubnet = String(created(await tenant.post('/subnets', { subnet: { network_id: internalNet, ip_version: 4, cidr } }), 'subnet')['id']);
  const routerId = String(
    created(await tenant.post('/routers', { router: { name: 'r', external_gateway_info: { network_id: externalNet } } }), 'router')['id'],
  );
  expect((await tenant.put(`/routers/${routerId}/add_router_interface`, { subnet_id: internalSubnet })).status).toBe(200);
  return {
    externalNet,
    internalNet,
    internalSubnet,
    routerId,
    tenant,
    port: async (fixedIps) => created(await tenant.post('/ports', { port: { network_id: internalNet, ...(fixedIps ? { fixed_ips: fixedIps } : {}) } }), 'port'),
    floatingIp: async () => created(await tenant.post('/floatingips', { floatingip: { floating_network_id: externalNet } }), 'floatingip'),
  };
}

/** The first fixed IP address of a port. */
export function addressOf(port: Dict): string {
  return String((port['fixed_ips'] as Dict[])[0]!['ip_address']);
}
