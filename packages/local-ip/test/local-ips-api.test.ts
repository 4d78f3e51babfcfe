import { addressNotHeld, undefinedPolicyRules, type ApiClient, type TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressOf, created, dialects, failure, ok, startLocalIpServer, tenantNetwork, type Dict } from './helpers.js';

describe.each(dialects)('local IPs through the REST API on %s', (dialect) => {
  let server: TestServer;
  let tenant: ApiClient;
  let other: ApiClient;

  beforeAll(async () => {
    server = await startLocalIpServer(dialect);
    tenant = server.client.as({ projectId: 'tenant-a', roles: ['member', 'reader'] });
    other = server.client.as({ projectId: 'tenant-b', roles: ['member', 'reader'] });
  }, 600_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('announces local_ip and defines every rule the API enforces', async () => {
    const aliases = ((await server.client.get('/extensions')).body['extensions'] as Dict[]).map((extension) => extension['alias']);
    expect(aliases).toContain('local_ip');
    // Only this package's rules: the workspace may hold other packages' extensions.
    expect(undefinedPolicyRules(server).filter((rule) => rule.includes('local_ip'))).toEqual([]);
  });

  it('creates a local IP on a port, shows, lists, updates and deletes it (at local_ips and local-ips)', async () => {
    const net = await tenantNetwork(tenant, '10.0.1.0/24');
    const port = await net.port();
    const body = { name: 'lip', description: 'd', local_port_id: port['id'], local_ip_address: addressOf(port) };
    const lip = created(await tenant.post('/local_ips', { local_ip: body }), 'local_ip');
    expect(lip).toMatchObject({
      ...body,
      network_id: net.network['id'],
      ip_mode: 'translate',
      project_id: 'tenant-a',
      tenant_id: 'tenant-a',
      revision_number: 0,
      created_at: expect.any(String),
    });
    const id = String(lip['id']);
    expect(ok(await tenant.get(`/local-ips/${id}`), 'local_ip')).toEqual(lip);
    expect((await tenant.get('/local_ips')).body['local_ips']).toEqual([lip]);
    expect((await other.get('/local_ips')).body['local_ips']).toEqual([]);
    failure(await other.get(`/local_ips/${id}`), 404, 'LocalIPNotFound');
    const updated = ok(await tenant.put(`/local_ips/${id}`, { local_ip: { name: 'renamed' } }), 'local_ip');
    expect(updated).toMatchObject({ name: 'renamed', revision_number: 1 });
    failure(await tenant.put(`/local_ips/${id}`, { local_ip: { ip_mode: 'passthrough' } }), 400, 'HTTPBadRequest');
    expect((await tenant.delete(`/local_ips/${id}`)).status).toBe(204);
    failure(await tenant.get(`/local_ips/${id}`), 404, 'LocalIPNotFound');
    // The port was the tenant's: it stays.
    expect((await tenant.get(`/ports/${String(port['id'])}`)).status).toBe(200);
  });

  it('creates a local IP on a network with a port of its own, which goes with it', async () => {
    const net = await tenantNetwork(tenant, '10.0.2.0/24');
    const lip = created(await tenant.post('/local_ips', { local_ip: { network_id: net.network['id'], ip_mode: 'passthrough' } }), 'local_ip');
    expect(lip).toMatchObject({ network_id: net.network['id'], ip_mode: 'passthrough', name: '', description: '' });
    const portId = String(lip['local_port_id']);
    const port = ok(await server.client.get(`/ports/${portId}`), 'port');
    expect(port).toMatchObject({ device_owner: 'network:local_ip', device_id: lip['id'], network_id: net.network['id'], project_id: 'tenant-a' });
    expect(addressOf(port)).toBe(lip['local_ip_address']);
    expect(failure(await server.client.delete(`/ports/${portId}`), 409, 'ServicePortInUse')).toBe(
      `Port ${portId} cannot be deleted directly via the port API: still referenced by Local IPs.`,
    );
    expect((await tenant.delete(`/local_ips/${String(lip['id'])}`)).status).toBe(204);
    failure(await server.client.get(`/ports/${portId}`), 404, 'PortNotFound');
    const fixed = created(await tenant.post('/local_ips', { local_ip: { network_id: net.network['id'], local_ip_address: '10.0.2.77' } }), 'local_ip');
    expect(fixed['local_ip_address']).toBe('10.0.2.77');
  });

  it("refuses a create without a port or network, unknown ports, a port's wrong address, and networks without IPv4", async () => {
    expect(failure(await tenant.post('/local_ips', { local_ip: { name: 'x' } }), 400, 'LocalIPPortOrNetworkRequired')).toBe(
      'Either Port ID or Network ID must be specified for Local IP create.',
    );
    const missing = '7c1bb0c5-5aa6-4e1e-8f42-4fd55cfd2f9e';
    expect(failure(await tenant.post('/local_ips', { local_ip: { local_port_id: missing } }), 400, 'BadRequest')).toBe(
      `Bad local_ip request: Port ${missing} not found.`,
    );
    const net = await tenantNetwork(tenant, '10.0.3.0/24');
    const port = await net.port();
    // An address of the subnet that is not the port's (its own is allocated at random).
    const wrong = addressNotHeld(port, ['10.0.3.250', '10.0.3.251']);
    expect(
      failure(await tenant.post('/local_ips', { local_ip: { local_port_id: port['id'], local_ip_address: wrong } }), 400, 'LocalIPRequestedIPNotFound'),
    ).toBe(`Specified Port ${String(port['id'])} does not have requested IP address: ${wrong}.`);
    const v6 = created(await tenant.post('/networks', { network: { name: 'v6' } }), 'network');
    created(await tenant.post('/subnets', { subnet: { network_id: v6['id'], ip_version: 6, cidr: 'fd00::/64' } }), 'subnet');
    expect(failure(await tenant.post('/local_ips', { local_ip: { network_id: v6['id'] } }), 400, 'BadRequest')).toBe(
      `Bad local_ip request: Network ${String(v6['id'])} does not contain any IPv4 subnet.`,
    );
    failure(await other.post('/local_ips', { local_ip: { network_id: net.network['id'] } }), 404, 'NetworkNotFound');
  });

  it('associates ports, shows and lists the associations, and refuses ambiguous or wrong addresses', async () => {
    const net = await tenantNetwork(tenant, '10.0.4.0/24');
    const lip = created(await tenant.post('/local_ips', { local_ip: { network_id: net.network['id'] } }), 'local_ip');
    const path = `/local_ips/${String(lip['id'])}/port_associations`;
    const port = await net.port();
    const association = created(await tenant.post(path, { port_association: { fixed_port_id: port['id'] } }), 'port_association');
    expect(association).toEqual({
      local_ip_id: lip['id'],
      local_ip_address: lip['local_ip_address'],
      fixed_port_id: port['id'],
      fixed_ip: addressOf(port),
      host: '',
    });
    expect(ok(await tenant.get(`${path}/${String(port['id'])}`), 'port_association')).toEqual(association);
    expect((await tenant.get(path)).body['port_associations']).toEqual([association]);
    expect((await other.get(path)).body['port_associations']).toEqual([]);
    expect(failure(await tenant.delete(`/local_ips/${String(lip['id'])}`), 409, 'LocalIPInUse')).toBe(
      `Local IP ${String(lip['id'])} is still associated with one or more ports.`,
    );

    const two = await net.port([{ subnet_id: net.subnet['id'] }, { subnet_id: net.subnet['id'] }]);
    expect(failure(await tenant.post(path, { port_association: { fixed_port_id: two['id'] } }), 400, 'LocalIPNoRequestedIP')).toBe(
      `Specified Port ${String(two['id'])} has several IPs, should specify exact IP address to use for Local IP.`,
    );
    // An address of the subnet that is not the port's: the first port's (addresses are allocated at random).
    failure(await tenant.post(path, { port_association: { fixed_port_id: two['id'], fixed_ip: addressOf(port) } }), 400, 'LocalIPRequestedIPNotFound');
    const second = created(await tenant.post(path, { port_association: { fixed_port_id: two['id'], fixed_ip: addressOf(two, 1) } }), 'port_association');
    expect(second['fixed_ip']).toBe(addressOf(two, 1));

    // A deleted port takes its association; a deleted association is gone.
    expect((await tenant.delete(`/ports/${String(two['id'])}`)).status).toBe(204);
    failure(await tenant.get(`${path}/${String(two['id'])}`), 404, 'LocalIPAssociationNotFound');
    expect((await tenant.delete(`${path}/${String(port['id'])}`)).status).toBe(204);
    expect(failure(await tenant.get(`${path}/${String(port['id'])}`), 404, 'LocalIPAssociationNotFound')).toBe(
      `Local IP ${String(lip['id'])} association with port ${String(port['id'])} could not be found.`,
    );
    expect((await tenant.delete(`/local_ips/${String(lip['id'])}`)).status).toBe(204);
  });
});
