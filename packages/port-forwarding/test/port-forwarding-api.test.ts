import { addressNotHeld, type TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressOf, buildTopology, created, dialects, failure, ok, startForwardingServer, type Dict, type Topology } from './helpers.js';

describe.each(dialects)('floating IP port forwardings through the REST API on %s', (dialect) => {
  let server: TestServer;
  let net: Topology;

  beforeAll(async () => {
    server = await startForwardingServer(dialect);
    net = await buildTopology(server);
  }, 240_000);

  afterAll(async () => {
    await server?.stop();
  });

  const path = (fip: Dict, id?: string): string => `/floatingips/${String(fip['id'])}/port_forwardings${id ? `/${id}` : ''}`;
  const forward = (fip: Dict, body: Dict) => net.tenant.post(path(fip), { port_forwarding: body });

  it('announces its extensions', async () => {
    const aliases = ((await server.client.get('/extensions')).body['extensions'] as Dict[]).map((extension) => extension['alias']);
    expect(aliases).toEqual(
      expect.arrayContaining([
        'floating-ip-port-forwarding',
        'floating-ip-port-forwarding-description',
        'floating-ip-port-forwarding-detail',
        'floating-ip-port-forwarding-port-ranges',
        'expose-port-forwarding-in-fip',
      ]),
    );
  });

  it('creates, shows, lists, updates and deletes a forwarding, which puts the floating IP on the router while it has one', async () => {
    const vm = await net.port();
    const fip = await net.floatingIp();
    const pf = created(
      await forward(fip, {
        external_port: 2222,
        internal_port: 22,
        protocol: 'tcp',
        internal_port_id: vm['id'],
        internal_ip_address: addressOf(vm),
        description: 'ssh',
      }),
      'port_forwarding',
    );
    expect(pf).toEqual({
      id: expect.any(String),
      external_port: 2222,
      internal_port: 22,
      internal_ip_address: addressOf(vm),
      protocol: 'tcp',
      internal_port_id: vm['id'],
      description: 'ssh',
      external_port_range: '2222:2222',
      internal_port_range: '22:22',
    });
    const id = String(pf['id']);
    expect(ok(await net.tenant.get(path(fip, id)), 'port_forwarding')).toEqual(pf);
    const withPf = ok(await net.tenant.get(`/floatingips/${String(fip['id'])}`), 'floatingip');
    expect(withPf).toMatchObject({ router_id: net.routerId, port_id: null });
    expect(withPf['port_forwardings']).toEqual([
      { id, internal_ip_address: addressOf(vm), protocol: 'tcp', internal_port: 22, external_port: 2222, internal_port_id: vm['id'] },
    ]);
    expect(((await net.tenant.get(path(fip))).body['port_forwardings'] as Dict[]).map((item) => item['id'])).toEqual([id]);

    const updated = ok(await net.tenant.put(path(fip, id), { port_forwarding: { external_port: 2223, description: 'moved' } }), 'port_forwarding');
    expect(updated).toMatchObject({ external_port: 2223, internal_port: 22, description: 'moved', external_port_range: '2223:2223' });

    expect((await net.tenant.delete(path(fip, id))).status).toBe(204);
    failure(await net.tenant.get(path(fip, id)), 404, 'PortForwardingNotFound');
    const after = ok(await net.tenant.get(`/floatingips/${String(fip['id'])}`), 'floatingip');
    expect(after).toMatchObject({ router_id: null, port_forwardings: [] });
  });

  it('forwards port ranges, N to N or 1 to N, and refuses other relations and collisions', async () => {
    const vm = await net.port();
    const fip = await net.floatingIp();
    const base = { protocol: 'udp', internal_port_id: vm['id'], internal_ip_address: addressOf(vm) };
    const range = created(await forward(fip, { ...base, external_port_range: '5000:5010', internal_port_range: '6000:6010' }), 'port_forwarding');
    expect(range).toMatchObject({ external_port: null, internal_port: null, external_port_range: '5000:5010', internal_port_range: '6000:6010' });
    const oneToMany = created(await forward(fip, { ...base, external_port_range: '7000:7005', internal_port_range: '7000' }), 'port_forwarding');
    expect(oneToMany).toMatchObject({ internal_port: 7000, external_port: null, internal_port_range: '7000:7000', external_port_range: '7000:7005' });
    expect(failure(await forward(fip, { ...base, external_port_range: '8000:8010', internal_port_range: '8000:8005' }), 400, 'BadRequest')).toBe(
      'Bad port_forwarding request: Invalid ranges of internal and/or external ports. The relation between internal and external ports must be N-N or 1-N.',
    );
    expect(failure(await forward(fip, { ...base, external_port: 5005, internal_port: 9000 }), 400, 'BadRequest')).toBe(
      'Bad port_forwarding request: There is a port collision with the external_port_range. The following ranges collides: 5000:5010 and 5005:5005.',
    );
    expect(failure(await forward(fip, { ...base, external_port: 9999, internal_port: 6005 }), 400, 'BadRequest')).toBe(
      'Bad port_forwarding request: There is a port collision with the internal_port_range. The following ranges collides: 6000:6010 and 6005:6005.',
    );
    // Another protocol does not collide.
    created(await forward(fip, { ...base, protocol: 'tcp', external_port: 5005, internal_port: 6005 }), 'port_forwarding');
  });

  it('checks the internal port and address, the floating IP, and refuses what neutron refuses', async () => {
    const vm = await net.port();
    const fip = await net.floatingIp();
    const base = { protocol: 'tcp', internal_port_id: vm['id'], internal_ip_address: addressOf(vm), internal_port: 80 };
    // An address of the subnet that is not the port's (its own is allocated at random).
    const wrong = addressNotHeld(vm, ['10.0.0.250', '10.0.0.251']);
    expect(failure(await forward(fip, { ...base, internal_ip_address: wrong, external_port: 80 }), 400, 'BadRequest')).toMatch(
      new RegExp(
        `^Bad port_forwarding request: Requested internal IP address ${wrong.replace(/\./g, '\\.')} is not suitable for internal neutron port ${String(vm['id'])}, as its fixed_ips are \\[\\{'subnet_id': '${net.internalSubnet}', 'ip_address': '${addressOf(vm).replace(/\./g, '\\.')}'\\}\\]\\.$`,
      ),
    );
    failure(
      await net.tenant.post('/floatingips/7c1bb0c5-5aa6-4e1e-8f42-4fd55cfd2f9e/port_forwardings', { port_forwarding: { ...base, external_port: 80 } }),
      404,
      'FloatingIPNotFound',
    );
    failure(await forward(fip, { ...base, internal_port_id: '7c1bb0c5-5aa6-4e1e-8f42-4fd55cfd2f9e', external_port: 80 }), 404, 'PortNotFound');
    failure(await forward(fip, { ...base, external_port: 70000 }), 400, 'HTTPBadRequest');
    expect(failure(await forward(fip, { ...base, protocol: 'icmp6', external_port: 80 }), 400, 'InvalidInput')).toContain(
      "IP protocol 'icmp6' is not supported",
    );

    // A port that a floating IP maps to takes no forwarding, and a floating IP mapped to a port forwards nothing.
    const bound = await net.port();
    const other = await net.floatingIp();
    ok(await net.tenant.put(`/floatingips/${String(other['id'])}`, { floatingip: { port_id: bound['id'] } }), 'floatingip');
    expect(
      failure(
        await forward(fip, { ...base, internal_port_id: bound['id'], internal_ip_address: addressOf(bound), external_port: 81 }),
        409,
        'PortHasBindingFloatingIP',
      ),
    ).toContain(`as that port already has a binding floating IP`);
    failure(await forward(other, { ...base, external_port: 82 }), 409, 'FloatingIPPortAlreadyAssociated');

    // A duplicate internal socket on another floating IP.
    created(await forward(fip, { ...base, external_port: 80 }), 'port_forwarding');
    const third = await net.floatingIp();
    expect(failure(await forward(third, { ...base, external_port: 80 }), 400, 'BadRequest')).toContain(
      'There is a port collision with the internal_port_range',
    );
  });

  it('keeps a floating IP that forwards ports from being associated or deleted', async () => {
    const vm = await net.port();
    const fip = await net.floatingIp();
    created(
      await forward(fip, { protocol: 'tcp', internal_port_id: vm['id'], internal_ip_address: addressOf(vm), internal_port: 443, external_port: 443 }),
      'port_forwarding',
    );
    const id = String(fip['id']);
    expect(failure(await net.tenant.put(`/floatingips/${id}`, { floatingip: { port_id: (await net.port())['id'] } }), 409, 'FipInUseByPortForwarding')).toBe(
      `Floating IP ${id} in use by Port Forwarding resources.`,
    );
    failure(await net.tenant.delete(`/floatingips/${id}`), 409, 'FipInUseByPortForwarding');
    expect(ok(await net.tenant.put(`/floatingips/${id}`, { floatingip: { description: 'still fine' } }), 'floatingip')['description']).toBe('still fine');
  });

  it('goes with its internal port, and with an address the port gives up', async () => {
    const vm = await net.port([{ subnet_id: net.internalSubnet }, { subnet_id: net.internalSubnet }]);
    const [first, second] = (vm['fixed_ips'] as Dict[]).map((ip) => String(ip['ip_address']));
    const fip = await net.floatingIp();
    const keep = created(
      await forward(fip, { protocol: 'tcp', internal_port_id: vm['id'], internal_ip_address: first, internal_port: 22, external_port: 22 }),
      'port_forwarding',
    );
    const drop = created(
      await forward(fip, { protocol: 'tcp', internal_port_id: vm['id'], internal_ip_address: second, internal_port: 22, external_port: 23 }),
      'port_forwarding',
    );
    ok(await net.tenant.put(`/ports/${String(vm['id'])}`, { port: { fixed_ips: [{ subnet_id: net.internalSubnet, ip_address: first }] } }), 'port');
    expect(((await net.tenant.get(path(fip))).body['port_forwardings'] as Dict[]).map((item) => item['id'])).toEqual([keep['id']]);
    failure(await net.tenant.get(path(fip, String(drop['id']))), 404, 'PortForwardingNotFound');
    expect((await net.tenant.delete(`/ports/${String(vm['id'])}`)).status).toBe(204);
    expect((await net.tenant.get(path(fip))).body['port_forwardings']).toEqual([]);
    expect(ok(await net.tenant.get(`/floatingips/${String(fip['id'])}`), 'floatingip')['router_id']).toBeNull();
  });

  it("sorts, pages and filters a floating IP's forwardings, and refuses neutron's unsupported filters", async () => {
    const vm = await net.port();
    const fip = await net.floatingIp();
    for (const port of [3003, 3001, 3002]) {
      created(
        await forward(fip, { protocol: 'tcp', internal_port_id: vm['id'], internal_ip_address: addressOf(vm), internal_port: port, external_port: port }),
        'port_forwarding',
      );
    }
    const sorted = (await net.tenant.get(`${path(fip)}?sort_key=external_port&sort_dir=desc`)).body['port_forwardings'] as Dict[];
    expect(sorted.map((item) => item['external_port'])).toEqual([3003, 3002, 3001]);
    const page = await net.tenant.get(`${path(fip)}?sort_key=external_port&sort_dir=asc&limit=2`);
    expect((page.body['port_forwardings'] as Dict[]).map((item) => item['external_port'])).toEqual([3001, 3002]);
    const filtered = (await net.tenant.get(`${path(fip)}?external_port=3002`)).body['port_forwardings'] as Dict[];
    expect(filtered.map((item) => item['external_port'])).toEqual([3002]);
    expect((await net.tenant.get(`${path(fip)}?internal_port=3002`)).status).toBe(400);
  });
});
