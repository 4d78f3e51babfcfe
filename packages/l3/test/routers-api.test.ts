import { getAdminContext } from '@net-server/lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, startServer, unusedAddress, type L3Server, type Reply } from './helpers.js';

type Dict = Record<string, unknown>;

function member(reply: Reply, key: string): Dict {
  expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(300);
  return reply.body[key] as Dict;
}

function ok(reply: Reply): Dict {
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body;
}

function neutronError(reply: Reply): Dict {
  return reply.body['NeutronError'] as Dict;
}

describe.each(dialects)('routers through the REST API on %s', (dialect) => {
  let server: L3Server;
  let externalNet: string;
  let externalSubnet: string;

  async function network(name: string, extra: Dict = {}, project?: string): Promise<Dict> {
    return member(await server.request('POST', '/networks', { network: { name, ...extra } }, project ? { project, roles: 'member' } : {}), 'network');
  }
  async function subnet(networkId: string, cidr: string, extra: Dict = {}, project?: string): Promise<Dict> {
    return member(
      await server.request(
        'POST',
        '/subnets',
        { subnet: { network_id: networkId, ip_version: 4, cidr, ...extra } },
        project ? { project, roles: 'member' } : {},
      ),
      'subnet',
    );
  }
  async function router(body: Dict = {}): Promise<Dict> {
    return member(await server.request('POST', '/routers', { router: { name: 'r', ...body } }), 'router');
  }

  beforeAll(async () => {
    server = await startServer(dialect);
    const ext = await network('public', { 'router:external': true });
    externalNet = String(ext['id']);
    externalSubnet = String((await subnet(externalNet, '172.24.4.0/24'))['id']);
  }, 240_000);

  afterAll(async () => {
    await server?.close();
  });

  it('announces the L3 extensions and shows router:external on networks', async () => {
    const { body } = await server.request('GET', '/extensions');
    const aliases = (body['extensions'] as { alias: string }[]).map((e) => e.alias);
    expect(aliases).toEqual(expect.arrayContaining(['router', 'ext-gw-mode', 'extraroute', 'external-net']));
    const shown = member(await server.request('GET', `/networks/${externalNet}`), 'network');
    expect(shown['router:external']).toBe(true);
    const listed = (await server.request('GET', '/networks?router:external=True')).body['networks'] as Dict[];
    expect(listed.map((n) => n['id'])).toEqual([externalNet]);
  });

  it('takes networks created without the API (no router:external key) as internal', async () => {
    const created = await server.core.createNetwork(getAdminContext(), { name: 'direct' });
    expect(created['router:external']).toBe(false);
    expect(member(await server.request('GET', `/networks/${created.id}`), 'network')['router:external']).toBe(false);
  });

  it('creates, shows, updates, lists and deletes a router', async () => {
    const created = await router({ name: 'r1', admin_state_up: false, description: 'edge' });
    expect(created).toMatchObject({
      name: 'r1',
      admin_state_up: false,
      status: 'ACTIVE',
      external_gateway_info: null,
      routes: [],
      tenant_id: 'admin-project',
      description: 'edge',
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    });
    const id = String(created['id']);
    expect(member(await server.request('GET', `/routers/${id}`), 'router')).toMatchObject({ id, name: 'r1' });
    expect(member(await server.request('PUT', `/routers/${id}`, { router: { name: 'renamed', admin_state_up: true } }), 'router')).toMatchObject({
      name: 'renamed',
      admin_state_up: true,
    });
    const listed = (await server.request('GET', '/routers?name=renamed')).body['routers'] as Dict[];
    expect(listed.map((r) => r['id'])).toEqual([id]);
    expect((await server.request('DELETE', `/routers/${id}`)).status).toBe(204);
    const gone = await server.request('GET', `/routers/${id}`);
    expect(gone.status).toBe(404);
    expect(neutronError(gone)).toMatchObject({ type: 'RouterNotFound', message: `Router ${id} could not be found` });
  });

  it('keeps a revision number that every change of a router raises, its interfaces included, as neutron', async () => {
    const created = await router({ name: 'revised' });
    const id = String(created['id']);
    expect(created['revision_number']).toBe(0);
    const revision = async (): Promise<unknown> => member(await server.request('GET', `/routers/${id}`), 'router')['revision_number'];
    member(await server.request('PUT', `/routers/${id}`, { router: { description: 'changed' } }), 'router');
    expect(await revision()).toBe(1);
    const net = await network('revised-net');
    const sub = await subnet(String(net['id']), '10.77.0.0/24');
    ok(await server.request('PUT', `/routers/${id}/add_router_interface`, { subnet_id: sub['id'] }));
    expect(await revision()).toBe(2);
    ok(await server.request('PUT', `/routers/${id}/remove_router_interface`, { subnet_id: sub['id'] }));
    expect(await revision()).toBe(3);
    expect(((await server.request('GET', `/routers?revision_number=3&name=revised`)).body['routers'] as Dict[]).map((r) => r['id'])).toEqual([id]);
    expect((await server.request('DELETE', `/routers/${id}`)).status).toBe(204);
  });

  it('lists routers with fields, sorting and pages', async () => {
    const ids = [];
    for (const name of ['page-c', 'page-a', 'page-b']) ids.push(String((await router({ name }))['id']));
    const sorted = (await server.request('GET', '/routers?name=page-a&name=page-b&name=page-c&sort_key=name&sort_dir=desc&fields=name&fields=id')).body[
      'routers'
    ] as Dict[];
    expect(sorted.map((r) => r['name'])).toEqual(['page-c', 'page-b', 'page-a']);
    expect(Object.keys(sorted[0]!).sort()).toEqual(['id', 'name']);
    const page = await server.request('GET', '/routers?name=page-a&name=page-b&name=page-c&sort_key=name&sort_dir=asc&limit=2');
    expect((page.body['routers'] as Dict[]).map((r) => r['name'])).toEqual(['page-a', 'page-b']);
    expect(page.body['routers_links']).toEqual(expect.arrayContaining([expect.objectContaining({ rel: 'next' })]));
    for (const id of ids) expect((await server.request('DELETE', `/routers/${id}`)).status).toBe(204);
  });

  it('hides routers of other projects', async () => {
    const mine = await server.request('POST', '/routers', { router: { name: 'private' } }, { project: 'p-a', roles: 'member' });
    const id = String(member(mine, 'router')['id']);
    expect((await server.request('GET', `/routers/${id}`, undefined, { project: 'p-b', roles: 'member' })).status).toBe(404);
    expect(
      ((await server.request('GET', '/routers', undefined, { project: 'p-b', roles: 'member' })).body['routers'] as Dict[]).map((r) => r['id']),
    ).not.toContain(id);
    expect((await server.request('DELETE', `/routers/${id}`, undefined, { project: 'p-a', roles: 'member' })).status).toBe(204);
  });

  it('sets, changes and removes an external gateway with SNAT on and off', async () => {
    const r = await router({ external_gateway_info: { network_id: externalNet } });
    const id = String(r['id']);
    const gw = r['external_gateway_info'] as Dict;
    expect(gw).toMatchObject({ network_id: externalNet, enable_snat: true });
    const ips = gw['external_fixed_ips'] as Dict[];
    expect(ips).toHaveLength(1);
    expect(ips[0]).toMatchObject({ subnet_id: externalSubnet });
    const ports = (await server.request('GET', `/ports?device_id=${id}`)).body['ports'] as Dict[];
    expect(ports).toEqual([expect.objectContaining({ device_owner: 'network:router_gateway', network_id: externalNet })]);

    const snatOff = member(
      await server.request('PUT', `/routers/${id}`, { router: { external_gateway_info: { network_id: externalNet, enable_snat: false } } }),
      'router',
    );
    expect(snatOff['external_gateway_info']).toMatchObject({ enable_snat: false, external_fixed_ips: ips });

    const chosen = await unusedAddress(server, externalSubnet, ['172.24.4.77', '172.24.4.78', '172.24.4.79']);
    const fixed = member(
      await server.request('PUT', `/routers/${id}`, {
        router: { external_gateway_info: { network_id: externalNet, external_fixed_ips: [{ subnet_id: externalSubnet, ip_address: chosen }] } },
      }),
      'router',
    );
    expect(fixed['external_gateway_info']).toMatchObject({ external_fixed_ips: [{ subnet_id: externalSubnet, ip_address: chosen }] });

    const externalInUse = await server.request('DELETE', `/networks/${externalNet}`);
    expect(externalInUse.status).toBe(409);
    expect(neutronError(externalInUse)['type']).toBe('NetworkInUse');

    const cleared = member(await server.request('PUT', `/routers/${id}`, { router: { external_gateway_info: {} } }), 'router');
    expect(cleared['external_gateway_info']).toBeNull();
    expect((await server.request('GET', `/ports?device_id=${id}`)).body['ports']).toEqual([]);
    expect((await server.request('DELETE', `/routers/${id}`)).status).toBe(204);
  });

  it("keeps a gateway's addresses and SNAT mode for admins (neutron's admin_only rules), as members set only its network", async () => {
    const tenant = { project: 'p-gw', roles: 'member' };
    const asMember = (method: string, path: string, body?: unknown): Promise<Reply> => server.request(method, path, body, tenant);
    const fixedIps = [{ subnet_id: externalSubnet, ip_address: '172.24.4.91' }];
    for (const gateway of [
      { network_id: externalNet, enable_snat: false },
      { network_id: externalNet, external_fixed_ips: fixedIps },
    ]) {
      const refused = await asMember('POST', '/routers', { router: { name: 'mine', external_gateway_info: gateway } });
      expect([refused.status, neutronError(refused)['type']]).toEqual([403, 'PolicyNotAuthorized']);
    }
    const mine = member(await asMember('POST', '/routers', { router: { name: 'mine', external_gateway_info: { network_id: externalNet } } }), 'router');
    const id = String(mine['id']);
    expect(mine['external_gateway_info']).toMatchObject({ network_id: externalNet, enable_snat: true });
    for (const gateway of [
      { network_id: externalNet, enable_snat: false },
      { network_id: externalNet, external_fixed_ips: fixedIps },
    ]) {
      const refused = await asMember('PUT', `/routers/${id}`, { router: { external_gateway_info: gateway } });
      expect([refused.status, neutronError(refused)['type']]).toEqual([403, 'PolicyNotAuthorized']);
    }
    // What was refused changed nothing; an admin may do both on the member's router.
    expect(member(await asMember('GET', `/routers/${id}`), 'router')['external_gateway_info']).toMatchObject({ enable_snat: true });
    const byAdmin = member(
      await server.request('PUT', `/routers/${id}`, {
        router: { external_gateway_info: { network_id: externalNet, enable_snat: false, external_fixed_ips: fixedIps } },
      }),
      'router',
    );
    expect(byAdmin['external_gateway_info']).toMatchObject({ enable_snat: false, external_fixed_ips: fixedIps });
    expect((await asMember('PUT', `/routers/${id}`, { router: { external_gateway_info: {} } })).status).toBe(200);
    expect((await asMember('DELETE', `/routers/${id}`)).status).toBe(204);
  });

  it('refuses a gateway on an internal network, on the subnet gateway IP, or on an address in use', async () => {
    const internal = await network('internal-gw');
    const refused = await server.request('POST', '/routers', { router: { external_gateway_info: { network_id: internal['id'] } } });
    expect(refused.status).toBe(400);
    expect(neutronError(refused)).toMatchObject({
      type: 'BadRequest',
      message: `Bad router request: Network ${String(internal['id'])} is not an external network.`,
    });
    const onGateway = await server.request('POST', '/routers', {
      router: { external_gateway_info: { network_id: externalNet, external_fixed_ips: [{ ip_address: '172.24.4.1' }] } },
    });
    expect(onGateway.status).toBe(400);
    expect(neutronError(onGateway)['message']).toBe('Bad router request: External IP 172.24.4.1 is the same as the gateway IP.');
    const address = await unusedAddress(server, externalSubnet, ['172.24.4.90', '172.24.4.92', '172.24.4.93']);
    const first = await router({ external_gateway_info: { network_id: externalNet, external_fixed_ips: [{ ip_address: address }] } });
    const taken = await server.request('POST', '/routers', {
      router: { external_gateway_info: { network_id: externalNet, external_fixed_ips: [{ ip_address: address }] } },
    });
    expect(taken.status).toBe(409);
    expect(neutronError(taken)['type']).toBe('IpAddressAlreadyAllocated');
    // The refused create left no router behind.
    expect(
      ((await server.request('GET', '/routers')).body['routers'] as Dict[]).filter((r) => r['id'] !== first['id'] && r['external_gateway_info'] !== null),
    ).toEqual([]);
    expect((await server.request('DELETE', `/routers/${String(first['id'])}`)).status).toBe(204);
  });

  it('answers NetworkNotFound (404) for a gateway on a network that does not exist or that the caller cannot see, on create and update', async () => {
    const missing = '0e0e0e0e-0000-4000-8000-000000000000';
    const notFound = (id: string): Dict => ({ type: 'NetworkNotFound', message: `Network ${id} could not be found.` });
    const created = await server.request('POST', '/routers', { router: { name: 'nowhere', external_gateway_info: { network_id: missing } } });
    expect([created.status, neutronError(created)]).toEqual([404, expect.objectContaining(notFound(missing))]);
    expect((await server.request('GET', '/routers?name=nowhere')).body['routers'] as Dict[]).toEqual([]);
    const id = String((await router({ tenant_id: 'tenant-a' }))['id']);
    const updated = await server.request('PUT', `/routers/${id}`, { router: { external_gateway_info: { network_id: missing } } });
    expect([updated.status, neutronError(updated)]).toEqual([404, expect.objectContaining(notFound(missing))]);
    // Another project's private network is one the member cannot see; an admin sees it is not external.
    const hidden = String((await network('hidden', {}, 'tenant-b'))['id']);
    const byMember = await server.request(
      'PUT',
      `/routers/${id}`,
      { router: { external_gateway_info: { network_id: hidden } } },
      { project: 'tenant-a', roles: 'member' },
    );
    expect([byMember.status, neutronError(byMember)]).toEqual([404, expect.objectContaining(notFound(hidden))]);
    const byAdmin = await server.request('PUT', `/routers/${id}`, { router: { external_gateway_info: { network_id: hidden } } });
    expect([byAdmin.status, neutronError(byAdmin)['type']]).toEqual([400, 'BadRequest']);
    expect((await server.request('DELETE', `/routers/${id}`)).status).toBe(204);
  });

  it('adds and removes interfaces by subnet and by port, with neutron checks', async () => {
    const r = await router();
    const id = String(r['id']);
    const net = await network('inside');
    const sub = await subnet(String(net['id']), '10.1.0.0/24');
    const added = ok(await server.request('PUT', `/routers/${id}/add_router_interface`, { subnet_id: sub['id'] }));
    expect(added).toMatchObject({ id, subnet_id: sub['id'], subnet_ids: [sub['id']], network_id: net['id'] });
    const port = member(await server.request('GET', `/ports/${String(added['port_id'])}`), 'port');
    expect(port).toMatchObject({ device_owner: 'network:router_interface', device_id: id, fixed_ips: [{ subnet_id: sub['id'], ip_address: '10.1.0.1' }] });

    const moveGateway = await server.request('PUT', `/subnets/${String(sub['id'])}`, { subnet: { gateway_ip: '10.1.0.254' } });
    expect(moveGateway.status).toBe(409);
    expect(neutronError(moveGateway)['type']).toBe('GatewayIpInUse');

    const twice = await server.request('PUT', `/routers/${id}/add_router_interface`, { subnet_id: sub['id'] });
    expect(twice.status).toBe(400);
    expect(neutronError(twice)['message']).toBe(`Bad router request: Router already has a port on subnet ${String(sub['id'])}.`);

    const other = await network('overlap');
    const overlapping = await subnet(String(other['id']), '10.1.0.0/16');
    const overlap = await server.request('PUT', `/routers/${id}/add_router_interface`, { subnet_id: overlapping['id'] });
    expect(overlap.status).toBe(400);
    expect(neutronError(overlap)['message']).toBe(
      `Bad router request: Cidr 10.1.0.0/16 of subnet ${String(overlapping['id'])} overlaps with cidr 10.1.0.0/24 of subnet ${String(sub['id'])}.`,
    );

    const both = await server.request('PUT', `/routers/${id}/add_router_interface`, { subnet_id: sub['id'], port_id: port['id'] });
    expect(neutronError(both)['message']).toBe('Bad router request: Cannot specify both subnet-id and port-id.');
    const neither = await server.request('PUT', `/routers/${id}/add_router_interface`, {});
    expect(neutronError(neither)['message']).toBe('Bad router request: Either subnet_id or port_id must be specified.');
    // Not a UUID: 400 before any lookup, as neutron (not 404 PortNotFound).
    for (const body of [{ port_id: 'not-a-uuid' }, { subnet_id: 42 }, { port_id: null }]) {
      const invalid = await server.request('PUT', `/routers/${id}/add_router_interface`, body);
      expect(invalid.status).toBe(400);
      expect(neutronError(invalid)['message']).toMatch(/^Bad router request: '.*' is not a valid UUID\.$/);
    }

    const noGateway = await subnet(String((await network('nogw'))['id']), '10.9.0.0/24', { gateway_ip: null });
    const refused = await server.request('PUT', `/routers/${id}/add_router_interface`, { subnet_id: noGateway['id'] });
    expect(neutronError(refused)['message']).toBe('Bad router request: Subnet for router interface must have a gateway IP.');

    // By port: a free port of the caller's.
    const net2 = await network('inside2');
    const sub2 = await subnet(String(net2['id']), '10.2.0.0/24');
    const freePort = member(await server.request('POST', '/ports', { port: { network_id: net2['id'] } }), 'port');
    const byPort = (await server.request('PUT', `/routers/${id}/add_router_interface`, { port_id: freePort['id'] })).body;
    expect(byPort).toMatchObject({ port_id: freePort['id'], subnet_id: sub2['id'] });
    const usedPort = await server.request('PUT', `/routers/${id}/add_router_interface`, { port_id: freePort['id'] });
    expect(usedPort.status).toBe(409);
    expect(neutronError(usedPort)['type']).toBe('PortInUse');

    // A router with interfaces cannot be deleted, nor can its ports.
    const inUse = await server.request('DELETE', `/routers/${id}`);
    expect(inUse.status).toBe(409);
    expect(neutronError(inUse)).toMatchObject({ type: 'RouterInUse', message: `Router ${id} still has ports` });
    const portDelete = await server.request('DELETE', `/ports/${String(freePort['id'])}`);
    expect(portDelete.status).toBe(409);
    expect(neutronError(portDelete)['type']).toBe('ServicePortInUse');

    const notThere = await server.request('PUT', `/routers/${id}/remove_router_interface`, { subnet_id: noGateway['id'] });
    expect(notThere.status).toBe(404);
    expect(neutronError(notThere)['type']).toBe('RouterInterfaceNotFoundForSubnet');
    const wrongPort = await server.request('PUT', `/routers/${id}/remove_router_interface`, { port_id: overlapping['id'] });
    expect(neutronError(wrongPort)['type']).toBe('RouterInterfaceNotFound');

    expect((await server.request('PUT', `/routers/${id}/remove_router_interface`, { subnet_id: sub['id'] })).body).toMatchObject({ port_id: added['port_id'] });
    expect((await server.request('GET', `/ports/${String(added['port_id'])}`)).status).toBe(404);
    expect((await server.request('PUT', `/routers/${id}/remove_router_interface`, { port_id: freePort['id'] })).status).toBe(200);
    expect((await server.request('DELETE', `/routers/${id}`)).status).toBe(204);
  });

  it('lets only one of several concurrent overlapping interfaces onto a router', async () => {
    const id = String((await router())['id']);
    const subnets = [];
    for (const cidr of ['10.60.0.0/24', '10.60.0.0/16', '10.60.0.0/20', '10.60.0.0/22']) {
      subnets.push(await subnet(String((await network(`race-${cidr}`))['id']), cidr));
    }
    const replies = await Promise.all(subnets.map((s) => server.request('PUT', `/routers/${id}/add_router_interface`, { subnet_id: s['id'] })));
    expect(replies.map((reply) => reply.status).sort()).toEqual([200, 400, 400, 400]);
    const ports = (await server.request('GET', `/ports?device_id=${id}`)).body['ports'] as Dict[];
    expect(ports).toHaveLength(1);
    const winner = replies.find((reply) => reply.status === 200)!.body;
    await server.request('PUT', `/routers/${id}/remove_router_interface`, { port_id: winner['port_id'] });
    expect((await server.request('DELETE', `/routers/${id}`)).status).toBe(204);
  });

  it('keeps static routes whose nexthop is on a router subnet', async () => {
    const r = await router();
    const id = String(r['id']);
    const net = await network('routed');
    const sub = await subnet(String(net['id']), '10.3.0.0/24');
    await server.request('PUT', `/routers/${id}/add_router_interface`, { subnet_id: sub['id'] });
    const routes = [{ destination: '192.168.50.0/24', nexthop: '10.3.0.10' }];
    expect(member(await server.request('PUT', `/routers/${id}`, { router: { routes } }), 'router')['routes']).toEqual(routes);
    const unreachable = await server.request('PUT', `/routers/${id}`, { router: { routes: [{ destination: '192.168.60.0/24', nexthop: '10.99.0.1' }] } });
    expect(unreachable.status).toBe(400);
    expect(neutronError(unreachable)['type']).toBe('InvalidRoutes');
    expect(neutronError(unreachable)['message']).toContain('the nexthop is not connected with router');
    const self = await server.request('PUT', `/routers/${id}`, { router: { routes: [{ destination: '192.168.60.0/24', nexthop: '10.3.0.1' }] } });
    expect(neutronError(self)['message']).toContain('the nexthop is used by router');
    const inUse = await server.request('PUT', `/routers/${id}/remove_router_interface`, { subnet_id: sub['id'] });
    expect(inUse.status).toBe(409);
    expect(neutronError(inUse)['type']).toBe('RouterInterfaceInUseByRoute');
    expect(member(await server.request('PUT', `/routers/${id}`, { router: { routes: null } }), 'router')['routes']).toEqual([]);
    expect((await server.request('PUT', `/routers/${id}/remove_router_interface`, { subnet_id: sub['id'] })).status).toBe(200);
    expect((await server.request('DELETE', `/routers/${id}`)).status).toBe(204);
  });

  it('adds and removes static routes atomically (extraroute-atomic), as neutron_tempest_plugin test_extra_routes_atomic', async () => {
    const aliases = ((await server.request('GET', '/extensions')).body['extensions'] as { alias: string }[]).map((e) => e.alias);
    expect(aliases).toContain('extraroute-atomic');
    const tenant = { project: 'atomic-project', roles: 'member' };
    const r = member(await server.request('POST', '/routers', { router: { name: 'atomic' } }, tenant), 'router');
    const id = String(r['id']);
    const sub = await subnet(String((await network('atomic-net', {}, 'atomic-project'))['id']), '10.4.0.0/24', {}, 'atomic-project');
    expect((await server.request('PUT', `/routers/${id}/add_router_interface`, { subnet_id: sub['id'] }, tenant)).status).toBe(200);
    const route = (n: number, hop: number) => ({ destination: `10.0.${n}.0/24`, nexthop: `10.4.0.${hop}` });
    const sorted = (routes: unknown) => (routes as { destination: string; nexthop: string }[]).map((x) => `${x.destination} via ${x.nexthop}`).sort();
    const edit = async (action: string, routes: unknown[]) =>
      member(await server.request('PUT', `/routers/${id}/${action}`, { router: { routes } }, tenant), 'router');

    expect(sorted((await edit('add_extraroutes', [route(2, 2)]))['routes'])).toEqual(sorted([route(2, 2)]));
    // A route the router has already is kept once.
    expect(sorted((await edit('add_extraroutes', [route(2, 2), route(3, 3)]))['routes'])).toEqual(sorted([route(2, 2), route(3, 3)]));
    // Removing a route the router lacks is no error.
    expect(sorted((await edit('remove_extraroutes', [route(3, 3), route(4, 4)]))['routes'])).toEqual(sorted([route(2, 2)]));
    // Another nexthop to the same destination is another route.
    expect(sorted((await edit('add_extraroutes', [route(2, 5)]))['routes'])).toEqual(sorted([route(2, 2), route(2, 5)]));
    expect(sorted((await edit('remove_extraroutes', [route(2, 5)]))['routes'])).toEqual(sorted([route(2, 2)]));
    const emptied = await edit('remove_extraroutes', [route(2, 2), route(3, 3), route(2, 5)]);
    expect(emptied['routes']).toEqual([]);
    // Each edit is a change of the router, shown as a whole.
    expect(emptied).toMatchObject({ id, name: 'atomic', revision_number: Number(r['revision_number']) + 7 });

    // Concurrent edits apply one after the other: none is lost.
    const replies = await Promise.all(
      [2, 3, 4, 5, 6].map((n) => server.request('PUT', `/routers/${id}/add_extraroutes`, { router: { routes: [route(n, n)] } }, tenant)),
    );
    expect(replies.map((reply) => reply.status)).toEqual([200, 200, 200, 200, 200]);
    expect(sorted(member(await server.request('GET', `/routers/${id}`, undefined, tenant), 'router')['routes'])).toEqual(
      sorted([2, 3, 4, 5, 6].map((n) => route(n, n))),
    );

    const unreachable = await server.request(
      'PUT',
      `/routers/${id}/add_extraroutes`,
      { router: { routes: [{ destination: '10.0.9.0/24', nexthop: '10.99.0.1' }] } },
      tenant,
    );
    expect([unreachable.status, neutronError(unreachable)['type']]).toEqual([400, 'InvalidRoutes']);
    const malformed = await server.request(
      'PUT',
      `/routers/${id}/add_extraroutes`,
      { router: { routes: [{ destination: 'nowhere', nexthop: '10.4.0.2' }] } },
      tenant,
    );
    expect([malformed.status, neutronError(malformed)['type']]).toEqual([400, 'InvalidInput']);
    const noRoutes = await server.request('PUT', `/routers/${id}/remove_extraroutes`, { router: {} }, tenant);
    expect([noRoutes.status, neutronError(noRoutes)['type']]).toEqual([400, 'BadRequest']);
    // Another project's router is not found (get_router), an unknown one neither.
    const other = await server.request(
      'PUT',
      `/routers/${id}/add_extraroutes`,
      { router: { routes: [route(7, 7)] } },
      { project: 'someone-else', roles: 'member' },
    );
    expect([other.status, neutronError(other)['type']]).toEqual([404, 'RouterNotFound']);
    const unknown = await server.request('PUT', '/routers/00000000-0000-4000-8000-000000000000/remove_extraroutes', { router: { routes: [] } });
    expect(unknown.status).toBe(404);
    expect(sorted(member(await server.request('GET', `/routers/${id}`, undefined, tenant), 'router')['routes'])).toHaveLength(5);

    expect((await server.request('PUT', `/routers/${id}`, { router: { routes: [] } }, tenant)).status).toBe(200);
    expect((await server.request('PUT', `/routers/${id}/remove_router_interface`, { subnet_id: sub['id'] }, tenant)).status).toBe(200);
    expect((await server.request('DELETE', `/routers/${id}`, undefined, tenant)).status).toBe(204);
  });

  it('changes a router only at the revision If-Match names, one of concurrent changes at that revision (revision-if-match)', async () => {
    const r = await router({ name: 'if-match' });
    const id = String(r['id']);
    const revision = Number(r['revision_number']);
    const put = (name: string, at: number) =>
      fetch(`${server.url}/v2.0/routers/${id}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-project-id': 'admin-project', 'x-roles': 'admin,member', 'if-match': `revision_number=${at}` },
        body: JSON.stringify({ router: { name } }),
      });
    const stale = await put('stale', revision - 1);
    expect(stale.status).toBe(412);
    expect(((await stale.json()) as { NeutronError: { type: string } }).NeutronError.type).toBe('RevisionNumberConstraintFailed');
    const statuses = await Promise.all(['a', 'b', 'c', 'd'].map(async (name) => (await put(name, revision)).status));
    expect(statuses.sort()).toEqual([200, 412, 412, 412]);
    expect(member(await server.request('GET', `/routers/${id}`), 'router')['revision_number']).toBe(revision + 1);
    const gone = await fetch(`${server.url}/v2.0/routers/${id}`, {
      method: 'DELETE',
      headers: { 'x-project-id': 'admin-project', 'x-roles': 'admin', 'if-match': `revision_number=${revision + 1}` },
    });
    expect(gone.status).toBe(204);
  });

  it('keeps the gateway that static routes go through', async () => {
    const r = await router({ external_gateway_info: { network_id: externalNet } });
    const id = String(r['id']);
    const routes = [{ destination: '0.0.0.0/0', nexthop: '172.24.4.254' }];
    expect(member(await server.request('PUT', `/routers/${id}`, { router: { routes } }), 'router')['routes']).toEqual(routes);
    const refused = await server.request('PUT', `/routers/${id}`, { router: { external_gateway_info: {} } });
    expect(refused.status).toBe(400);
    expect(neutronError(refused)['type']).toBe('InvalidRoutes');
    const kept = member(await server.request('GET', `/routers/${id}`), 'router');
    expect(kept['routes']).toEqual(routes);
    expect(kept['external_gateway_info']).toMatchObject({ network_id: externalNet });
    // Removing both at once is fine.
    const cleared = member(await server.request('PUT', `/routers/${id}`, { router: { external_gateway_info: {}, routes: [] } }), 'router');
    expect(cleared).toMatchObject({ external_gateway_info: null, routes: [] });
    expect((await server.request('DELETE', `/routers/${id}`)).status).toBe(204);
  });

  it('refuses to make a network with gateway ports internal', async () => {
    const ext = await network('ext2', { 'router:external': true });
    await subnet(String(ext['id']), '172.30.0.0/24');
    const r = await router({ external_gateway_info: { network_id: ext['id'] } });
    const refused = await server.request('PUT', `/networks/${String(ext['id'])}`, { network: { 'router:external': false } });
    expect(refused.status).toBe(409);
    expect(neutronError(refused)['type']).toBe('ExternalNetworkInUse');
    expect((await server.request('DELETE', `/routers/${String(r['id'])}`)).status).toBe(204);
    expect(member(await server.request('PUT', `/networks/${String(ext['id'])}`, { network: { 'router:external': false } }), 'network')['router:external']).toBe(
      false,
    );
  });
});
