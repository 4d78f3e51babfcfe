import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type L3Server, type Reply } from './helpers.js';

type Dict = Record<string, unknown>;

function member(reply: Reply, key: string): Dict {
  expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(300);
  return reply.body[key] as Dict;
}

/*
 * neutron Zed's floatingip-pools (the IPv4 subnets of external networks,
 * with the caller's project) and l3-port-ip-change-not-allowed (a router
 * interface port's IPv4 addresses do not change through the port).
 */
describe('floating IP pools and router port addresses', () => {
  let server: L3Server;
  let externalNet: string;
  let externalV4: string;
  let internalSubnet: string;
  let routerId: string;
  const tenant = { project: 'tenant-a', roles: 'member' };

  async function create(path: string, key: string, body: Dict, identity?: { project: string; roles: string }): Promise<Dict> {
    return member(await server.request('POST', path, { [key]: body }, identity), key);
  }

  beforeAll(async () => {
    server = await startServer('sqlite');
    externalNet = String((await create('/networks', 'network', { name: 'public', 'router:external': true }))['id']);
    externalV4 = String((await create('/subnets', 'subnet', { network_id: externalNet, ip_version: 4, cidr: '172.24.4.0/24', name: 'public-v4' }))['id']);
    await create('/subnets', 'subnet', { network_id: externalNet, ip_version: 6, cidr: '2001:db8::/64' });
    const internalNet = String((await create('/networks', 'network', { name: 'private' }, tenant))['id']);
    internalSubnet = String((await create('/subnets', 'subnet', { network_id: internalNet, ip_version: 4, cidr: '10.0.0.0/24' }, tenant))['id']);
    routerId = String((await create('/routers', 'router', { name: 'r', external_gateway_info: { network_id: externalNet } }, tenant))['id']);
    expect((await server.request('PUT', `/routers/${routerId}/add_router_interface`, { subnet_id: internalSubnet }, tenant)).status).toBe(200);
  }, 240_000);

  afterAll(async () => {
    await server?.close();
  });

  it('announces both extensions', async () => {
    const aliases = ((await server.request('GET', '/extensions')).body['extensions'] as Dict[]).map((extension) => extension['alias']);
    expect(aliases).toEqual(expect.arrayContaining(['floatingip-pools', 'l3-port-ip-change-not-allowed']));
  });

  it("lists the external networks' IPv4 subnets to any project, with the caller's project", async () => {
    const listed = await server.request('GET', '/floatingip_pools', undefined, tenant);
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    const pools = listed.body['floatingip_pools'] as Dict[];
    expect(pools).toEqual([
      { subnet_id: externalV4, subnet_name: 'public-v4', network_id: externalNet, cidr: '172.24.4.0/24', tenant_id: 'tenant-a', project_id: 'tenant-a' },
    ]);
    expect((await server.request('GET', '/floatingip_pools?fields=cidr', undefined, tenant)).body).toEqual({ floatingip_pools: [{ cidr: '172.24.4.0/24' }] });
    // No attribute is a filter (neutron's definition marks none), so filtering is refused as neutron's filter validation refuses it.
    const filtered = await server.request('GET', `/floatingip_pools?network_id=${externalNet}`, undefined, tenant);
    expect(filtered.status, JSON.stringify(filtered.body)).toBe(400);
  });

  it("refuses changing a router interface port's IPv4 address, even for an admin, and lets other updates through", async () => {
    const ports = (await server.request('GET', `/ports?device_id=${routerId}&device_owner=network:router_interface`)).body['ports'] as Dict[];
    const port = ports[0]!;
    const id = String(port['id']);
    const refused = await server.request('PUT', `/ports/${id}`, { port: { fixed_ips: [{ subnet_id: internalSubnet, ip_address: '10.0.0.77' }] } });
    expect(refused.status).toBe(400);
    expect(refused.body['NeutronError']).toMatchObject({ type: 'IPAddressChangeNotAllowed', message: `IP updates for port ${id} are not allowed` });
    expect(member(await server.request('PUT', `/ports/${id}`, { port: { name: 'renamed' } }), 'port')['fixed_ips']).toEqual(port['fixed_ips']);
    // An ordinary port's address still changes.
    const vm = await create('/ports', 'port', { network_id: String(port['network_id']) }, tenant);
    const moved = member(
      await server.request('PUT', `/ports/${String(vm['id'])}`, { port: { fixed_ips: [{ subnet_id: internalSubnet, ip_address: '10.0.0.78' }] } }),
      'port',
    );
    expect((moved['fixed_ips'] as Dict[])[0]!['ip_address']).toBe('10.0.0.78');
  });
});
