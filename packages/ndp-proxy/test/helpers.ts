import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale, startServer, type ApiClient, type StartServerOptions, type TestServer } from '@net-server/testkit';
import { expect } from 'vitest';
import { created, forwardingServerOptions, type DialectName, type Dict } from '../../port-forwarding/test/helpers.js';

// The reply checks and databases of the router plugin's other service plugin, whose tests set them out.
export { created, dialects, failure, ok, type DialectName, type Dict } from '../../port-forwarding/test/helpers.js';

export const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packagesDir = resolve(packageDir, '..');

/** The server loads ML2, the router and address scope plugins and this one through their entry points, which name dist. */
export function buildPlugins(): void {
  for (const name of ['lib', 'rpc', 'ml2', 'l3', 'address-scope']) buildIfStale(resolve(packagesDir, name));
  buildIfStale(packageDir);
}

/** core_plugin = ml2 (openvswitch, vxlan tenant networks), service_plugins = router,ndp_proxy (address_scope loads by default). */
export function startNdpServer(dialect: DialectName, more: Partial<StartServerOptions> = {}): Promise<TestServer> {
  buildPlugins();
  return startServer({ ...forwardingServerOptions(dialect, more), root: packageDir, servicePlugins: ['router', 'ndp_proxy'] });
}

/** Tempest's NDP proxy topology: an IPv6 address scope and pool, an external network and a tenant network from it, a router between them. */
export interface NdpTopology {
  tenant: ApiClient;
  scopeId: string;
  poolId: string;
  externalNet: string;
  network: string;
  subnet: string;
  /** A new router of the tenant's with its gateway on the external network (and `router` fields added). */
  router(fields?: Dict): Promise<Dict>;
  /** A new port of the tenant's on the tenant network. */
  port(): Promise<Dict>;
}

let counter = 0;

export async function buildNdpTopology(server: TestServer): Promise<NdpTopology> {
  const admin = server.client;
  const tenant = admin.as({ projectId: 'tenant-a', roles: ['member', 'reader'] });
  const n = ++counter;
  const scopeId = String(created(await tenant.post('/address-scopes', { address_scope: { name: `as${n}`, ip_version: 6 } }), 'address_scope')['id']);
  const pool = { name: `sp${n}`, address_scope_id: scopeId, default_prefixlen: 112, prefixes: [`2001:${n}::/96`] };
  const poolId = String(created(await tenant.post('/subnetpools', { subnetpool: pool }), 'subnetpool')['id']);
  const externalNet = String(created(await admin.post('/networks', { network: { name: 'public', 'router:external': true } }), 'network')['id']);
  const externalSubnet = { network_id: externalNet, ip_version: 6, subnetpool_id: poolId, cidr: `2001:${n}::1:0/112` };
  created(await admin.post('/subnets', { subnet: externalSubnet }), 'subnet');
  const network = String(created(await tenant.post('/networks', { network: { name: 'private' } }), 'network')['id']);
  const subnetBody = { network_id: network, ip_version: 6, subnetpool_id: poolId, cidr: `2001:${n}::2:0/112` };
  const subnet = String(created(await tenant.post('/subnets', { subnet: subnetBody }), 'subnet')['id']);
  return {
    tenant,
    scopeId,
    poolId,
    externalNet,
    network,
    subnet,
    async router(fields = {}) {
      return created(await tenant.post('/routers', { router: { name: 'r', external_gateway_info: { network_id: externalNet }, ...fields } }), 'router');
    },
    port: async () => created(await tenant.post('/ports', { port: { network_id: network } }), 'port'),
  };
}

/** Adds the subnet to the router as an interface. */
export async function addInterface(client: ApiClient, router: Dict, subnetId: string): Promise<void> {
  const answer = await client.put(`/routers/${String(router['id'])}/add_router_interface`, { subnet_id: subnetId });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
}

/** The first fixed IP address of a port. */
export function addressOf(port: Dict): string {
  return String((port['fixed_ips'] as Dict[])[0]!['ip_address']);
}
