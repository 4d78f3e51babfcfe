import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, startServer, type L3Server, type Reply } from './helpers.js';

type Dict = Record<string, unknown>;

/*
 * neutron's access_as_external RBAC entries (external_net_db's callbacks):
 * an entry for one project makes a network external for it alone, usable
 * as its routers' gateway; `router:external` is the entry for every
 * project; a project may not lose the entry its router gateways need
 * (RbacPolicyInUse), and the network stops being external with its last entry.
 */
describe.each(dialects)('access_as_external entries on %s', (dialect) => {
  let server: L3Server;
  const tenantA = { project: 'tenant-a', roles: 'member' };
  const tenantB = { project: 'tenant-b', roles: 'member' };

  beforeAll(async () => {
    server = await startServer(dialect);
  }, 240_000);

  afterAll(async () => {
    await server?.close();
  });

  const body = (reply: Reply, key: string): Dict => reply.body[key] as Dict;
  const errorOf = (reply: Reply): string => `${reply.status} ${String((reply.body['NeutronError'] as Dict | undefined)?.['type'])}`;
  const entry = async (networkId: string, target: string): Promise<string> => {
    const reply = await server.request('POST', '/rbac-policies', {
      rbac_policy: { object_type: 'network', object_id: networkId, action: 'access_as_external', target_tenant: target },
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    return String(body(reply, 'rbac_policy')['id']);
  };
  const network = async (name: string, cidr: string, extra: Dict = {}): Promise<string> => {
    const id = String(body(await server.request('POST', '/networks', { network: { name, ...extra } }), 'network')['id']);
    expect((await server.request('POST', '/subnets', { subnet: { network_id: id, ip_version: 4, cidr } })).status).toBe(201);
    return id;
  };
  const gatewayRouter = (networkId: string, identity: { project: string; roles: string }) =>
    server.request('POST', '/routers', { router: { name: 'r', external_gateway_info: { network_id: networkId } } }, identity);

  it('makes a network external for the target project alone, which may then set a router gateway on it', async () => {
    const net = await network('ext-for-a', '172.16.1.0/24');
    expect(errorOf(await gatewayRouter(net, tenantA))).toBe('404 NetworkNotFound');
    const forA = await entry(net, 'tenant-a');
    expect(body(await server.request('GET', `/networks/${net}`), 'network')['router:external']).toBe(true);
    expect(body(await server.request('GET', `/networks/${net}`, undefined, tenantA), 'network')).toMatchObject({ id: net, 'router:external': true });
    expect((await server.request('GET', `/networks/${net}`, undefined, tenantB)).status).toBe(404);
    expect(errorOf(await gatewayRouter(net, tenantB))).toBe('404 NetworkNotFound');
    const router = await gatewayRouter(net, tenantA);
    expect(router.status, JSON.stringify(router.body)).toBe(201);
    expect(body(router, 'router')['external_gateway_info']).toMatchObject({ network_id: net });

    // tenant-a's router depends on its entry; a wildcard covers it, but then the wildcard is what it depends on.
    expect(errorOf(await server.request('DELETE', `/rbac-policies/${forA}`))).toBe('409 RbacPolicyInUse');
    expect(errorOf(await server.request('PUT', `/rbac-policies/${forA}`, { rbac_policy: { target_tenant: 'tenant-b' } }))).toBe('409 RbacPolicyInUse');
    const everyone = await entry(net, '*');
    expect((await server.request('DELETE', `/rbac-policies/${forA}`)).status).toBe(204);
    expect(errorOf(await server.request('DELETE', `/rbac-policies/${everyone}`))).toBe('409 RbacPolicyInUse');
    const routerId = String(body(router, 'router')['id']);
    expect((await server.request('PUT', `/routers/${routerId}`, { router: { external_gateway_info: {} } }, tenantA)).status).toBe(200);
    // The last entry takes the network's external flag with it.
    expect((await server.request('DELETE', `/rbac-policies/${everyone}`)).status).toBe(204);
    expect(body(await server.request('GET', `/networks/${net}`), 'network')['router:external']).toBe(false);
    expect((await server.request('GET', `/networks/${net}`, undefined, tenantA)).status).toBe(404);
  });

  it('lets the target allocate floating IPs on it, and sets a gateway without an address on a network without subnets, as neutron', async () => {
    const net = await network('ext-for-admin', '172.16.4.0/24');
    await entry(net, 'admin-project');
    const floatingIp = () => server.request('POST', '/floatingips', { floatingip: { floating_network_id: net } }, tenantB);
    expect(errorOf(await floatingIp())).toBe('404 NetworkNotFound');
    await entry(net, 'tenant-b');
    expect((await floatingIp()).status).toBe(201);

    const bare = String(body(await server.request('POST', '/networks', { network: { name: 'no-subnets' } }), 'network')['id']);
    await entry(bare, 'tenant-b');
    const router = await gatewayRouter(bare, tenantB);
    expect(router.status, JSON.stringify(router.body)).toBe(201);
    expect(body(router, 'router')['external_gateway_info']).toMatchObject({ network_id: bare, external_fixed_ips: [] });
  });

  it('keeps router:external and the access_as_external entry for every project together', async () => {
    const net = await network('public', '172.16.2.0/24', { 'router:external': true });
    const entries = async (): Promise<Dict[]> =>
      (await server.request('GET', `/rbac-policies?object_id=${net}&action=access_as_external`)).body['rbac_policies'] as Dict[];
    expect(await entries()).toEqual([expect.objectContaining({ target_tenant: '*', project_id: 'admin-project' })]);
    expect((await gatewayRouter(net, tenantB)).status).toBe(201);
    expect(errorOf(await server.request('PUT', `/networks/${net}`, { network: { 'router:external': false } }))).toBe('409 ExternalNetworkInUse');
    const other = await network('public-2', '172.16.3.0/24', { 'router:external': true });
    expect((await server.request('PUT', `/networks/${other}`, { network: { 'router:external': false } })).status).toBe(200);
    const left = (await server.request('GET', `/rbac-policies?object_id=${other}`)).body['rbac_policies'] as Dict[];
    expect(left).toEqual([]);
    expect((await server.request('GET', `/networks/${other}`, undefined, tenantB)).status).toBe(404);
  });
});
