import { undefinedPolicyRules, type TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addInterface, addressOf, buildNdpTopology, created, dialects, failure, ok, startNdpServer, type Dict } from './helpers.js';

describe.each(dialects)('NDP proxies through the REST API on %s', (dialect) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startNdpServer(dialect);
  }, 600_000);

  afterAll(async () => {
    await server?.stop();
  });

  const routerPath = (router: Dict, action = ''): string => `/routers/${String(router['id'])}${action}`;

  it('announces its extensions and defines every rule the API enforces', async () => {
    const aliases = ((await server.client.get('/extensions')).body['extensions'] as Dict[]).map((extension) => extension['alias']);
    expect(aliases).toEqual(expect.arrayContaining(['l3-ndp-proxy', 'l3-ext-ndp-proxy']));
    expect(undefinedPolicyRules(server).filter((rule) => rule.includes('ndp_proxy'))).toEqual([]);
  });

  it('creates, shows, lists, updates and deletes a proxy, choosing the port address on the router subnet', async () => {
    // Each test its own topology: a subnet is the interface of one router.
    const topology = await buildNdpTopology(server);
    const tenant = topology.tenant;
    const router = await topology.router({ enable_ndp_proxy: true });
    expect(router['enable_ndp_proxy']).toBe(true);
    await addInterface(tenant, router, topology.subnet);
    const port = await topology.port();
    const body = { name: 'np', description: 'd', router_id: router['id'], port_id: port['id'] };
    const proxy = created(await tenant.post('/ndp_proxies', { ndp_proxy: body }), 'ndp_proxy');
    expect(proxy).toMatchObject({
      ...body,
      ip_address: addressOf(port),
      project_id: 'tenant-a',
      tenant_id: 'tenant-a',
      revision_number: 0,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    const path = `/ndp_proxies/${String(proxy['id'])}`;
    expect(ok(await tenant.get(path), 'ndp_proxy')).toEqual(proxy);
    expect((await tenant.get('/ndp_proxies')).body['ndp_proxies']).toEqual([proxy]);
    expect((await tenant.get(`/ndp_proxies?name=np`)).body['ndp_proxies']).toEqual([proxy]);
    const updated = ok(await tenant.put(path, { ndp_proxy: { name: 'renamed' } }), 'ndp_proxy');
    expect(updated).toMatchObject({ name: 'renamed', description: 'd', ip_address: addressOf(port), revision_number: 1 });
    failure(await tenant.put(path, { ndp_proxy: { ip_address: addressOf(port) } }), 400, 'HTTPBadRequest');
    const other = server.client.as({ projectId: 'tenant-b', roles: ['member', 'reader'] });
    failure(await other.get(path), 404, 'NDPProxyNotFound');
    expect((await tenant.delete(path)).status).toBe(204);
    failure(await tenant.get(path), 404, 'NDPProxyNotFound');
  });

  it('checks the port, the address and the address scopes', async () => {
    // Each test its own topology: a subnet is the interface of one router.
    const topology = await buildNdpTopology(server);
    const tenant = topology.tenant;
    const router = await topology.router({ enable_ndp_proxy: true });
    const port = await topology.port();
    const create = (fields: Dict) => tenant.post('/ndp_proxies', { ndp_proxy: { router_id: router['id'], port_id: port['id'], ...fields } });
    // The router has no interface on the port's network yet.
    failure(await create({}), 409, 'PortUnreachableRouter');
    await addInterface(tenant, router, topology.subnet);
    expect(failure(await create({ ip_address: '2001:db8::5' }), 400, 'InvalidAddress')).toBe(
      `The address 2001:db8::5 is invalid, reason: This address not belong to the port ${String(port['id'])}.`,
    );
    failure(await create({ port_id: '7c1bb0c5-5aa6-4e1e-8f42-4fd55cfd2f9e' }), 404, 'PortNotFound');
    created(await create({ ip_address: addressOf(port) }), 'ndp_proxy');
    failure(await create({}), 409, 'NeutronDbObjectDuplicateEntry');
    // A network in another IPv6 address scope.
    const scope = created(await tenant.post('/address-scopes', { address_scope: { name: 'other', ip_version: 6 } }), 'address_scope');
    const pool = created(
      await tenant.post('/subnetpools', { subnetpool: { name: 'o', address_scope_id: scope['id'], prefixes: ['2002::abc:0/112'], default_prefixlen: 112 } }),
      'subnetpool',
    );
    const network = created(await tenant.post('/networks', { network: { name: 'scoped' } }), 'network');
    const subnet = created(
      await tenant.post('/subnets', { subnet: { network_id: network['id'], ip_version: 6, subnetpool_id: pool['id'], cidr: '2002::abc:0/112' } }),
      'subnet',
    );
    await addInterface(tenant, router, String(subnet['id']));
    const scoped = created(await tenant.post('/ports', { port: { network_id: network['id'] } }), 'port');
    failure(await create({ port_id: scoped['id'] }), 409, 'AddressScopeConflict');
    // A port with only an IPv4 address.
    const v4net = created(await tenant.post('/networks', { network: { name: 'v4' } }), 'network');
    const v4subnet = created(await tenant.post('/subnets', { subnet: { network_id: v4net['id'], ip_version: 4, cidr: '10.9.0.0/24' } }), 'subnet');
    await addInterface(tenant, router, String(v4subnet['id']));
    const v4port = created(await tenant.post('/ports', { port: { network_id: v4net['id'] } }), 'port');
    failure(await create({ port_id: v4port['id'] }), 400, 'BadRequest');
  });

  it("keeps routers' enable_ndp_proxy as neutron does", async () => {
    // Each test its own topology: a subnet is the interface of one router.
    const topology = await buildNdpTopology(server);
    const tenant = topology.tenant;
    // Left out on create: enable_ndp_proxy_by_default (false).
    const router = await topology.router();
    expect(router['enable_ndp_proxy']).toBe(false);
    // neutron's update sets it from the gateway when the request leaves it out.
    expect(ok(await tenant.put(routerPath(router), { router: { name: 'renamed' } }), 'router')['enable_ndp_proxy']).toBe(true);
    expect(ok(await tenant.put(routerPath(router), { router: { enable_ndp_proxy: false } }), 'router')['enable_ndp_proxy']).toBe(false);
    failure(await tenant.put(routerPath(router), { router: { enable_ndp_proxy: true, external_gateway_info: {} } }), 409, 'RouterGatewayNotValid');
    const bare = ok(await tenant.put(routerPath(router), { router: { external_gateway_info: {} } }), 'router');
    expect(bare['enable_ndp_proxy']).toBe(false);
    failure(await tenant.put(routerPath(router), { router: { enable_ndp_proxy: true } }), 409, 'RouterGatewayNotValid');
    failure(await tenant.post('/routers', { router: { name: 'x', enable_ndp_proxy: true } }), 409, 'RouterGatewayNotValid');
    // An external network without an address scope.
    const unscoped = created(await server.client.post('/networks', { network: { name: 'ext2', 'router:external': true } }), 'network');
    created(await server.client.post('/subnets', { subnet: { network_id: unscoped['id'], ip_version: 6, cidr: '2001:abc1::/112' } }), 'subnet');
    const gateway = { network_id: unscoped['id'] };
    expect(
      failure(await tenant.post('/routers', { router: { name: 'x', enable_ndp_proxy: true, external_gateway_info: gateway } }), 409, 'RouterGatewayNotValid'),
    ).toMatch(/don't support IPv6 ndp proxy/);
    failure(await tenant.put(routerPath(bare), { router: { enable_ndp_proxy: true, external_gateway_info: gateway } }), 409, 'RouterGatewayNotValid');
    failure(await tenant.post('/ndp_proxies', { ndp_proxy: { router_id: bare['id'], port_id: (await topology.port())['id'] } }), 409, 'PortUnreachableRouter');
  });

  it('refuses removing the gateway or the interface a proxy uses, and lets proxies go with their port', async () => {
    // Each test its own topology: a subnet is the interface of one router.
    const topology = await buildNdpTopology(server);
    const tenant = topology.tenant;
    const router = await topology.router({ enable_ndp_proxy: true });
    await addInterface(tenant, router, topology.subnet);
    const port = await topology.port();
    const proxy = created(await tenant.post('/ndp_proxies', { ndp_proxy: { router_id: router['id'], port_id: port['id'] } }), 'ndp_proxy');
    failure(await tenant.put(routerPath(router), { router: { external_gateway_info: {} } }), 409, 'RouterGatewayInUseByNDPProxy');
    failure(await tenant.put(routerPath(router, '/remove_router_interface'), { subnet_id: topology.subnet }), 409, 'RouterInterfaceInUseByNDPProxy');
    expect(ok(await tenant.get(routerPath(router)), 'router')['external_gateway_info']).not.toBeNull();
    // A proxy goes with its port (neutron's foreign key cascades).
    expect((await tenant.delete(`/ports/${String(port['id'])}`)).status).toBe(204);
    failure(await tenant.get(`/ndp_proxies/${String(proxy['id'])}`), 404, 'NDPProxyNotFound');
    expect((await tenant.put(routerPath(router, '/remove_router_interface'), { subnet_id: topology.subnet })).status).toBe(200);
    expect(ok(await tenant.put(routerPath(router), { router: { external_gateway_info: {} } }), 'router')['enable_ndp_proxy']).toBe(false);
  });
});
