import { getAdminContext } from '@net-server/lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressNotHeld } from '@net-server/testkit';
import { dialects, startServer, unusedAddress, type L3Server, type Reply } from './helpers.js';

type Dict = Record<string, unknown>;

function member(reply: Reply, key: string): Dict {
  expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(300);
  return reply.body[key] as Dict;
}

function neutronError(reply: Reply): Dict {
  return reply.body['NeutronError'] as Dict;
}

describe.each(dialects)('floating IPs through the REST API on %s', (dialect) => {
  let server: L3Server;
  let externalNet: string;
  let externalSubnet: string;
  let routerId: string;
  let internalNet: string;
  let internalSubnet: string;

  const tenant = { project: 'tenant-a', roles: 'member' };

  async function create(path: string, key: string, body: Dict, identity?: { project: string; roles: string }): Promise<Dict> {
    return member(await server.request('POST', path, { [key]: body }, identity), key);
  }
  async function port(networkId = internalNet): Promise<Dict> {
    return create('/ports', 'port', { network_id: networkId }, tenant);
  }

  beforeAll(async () => {
    server = await startServer(dialect);
    externalNet = String((await create('/networks', 'network', { name: 'public', 'router:external': true }))['id']);
    externalSubnet = String((await create('/subnets', 'subnet', { network_id: externalNet, ip_version: 4, cidr: '172.24.4.0/24' }))['id']);
    internalNet = String((await create('/networks', 'network', { name: 'private' }, tenant))['id']);
    internalSubnet = String((await create('/subnets', 'subnet', { network_id: internalNet, ip_version: 4, cidr: '10.0.0.0/24' }, tenant))['id']);
    routerId = String((await create('/routers', 'router', { name: 'r', external_gateway_info: { network_id: externalNet } }))['id']);
    const added = await server.request('PUT', `/routers/${routerId}/add_router_interface`, { subnet_id: internalSubnet });
    expect(added.status).toBe(200);
  }, 240_000);

  afterAll(async () => {
    await server?.close();
  });

  it('creates a floating IP, associates it with a port behind a router, disassociates and deletes it', async () => {
    const vm = await port();
    const fixedIp = (vm['fixed_ips'] as Dict[])[0]!['ip_address'];
    const fip = await create('/floatingips', 'floatingip', { floating_network_id: externalNet, description: 'web' }, tenant);
    expect(fip).toMatchObject({
      floating_network_id: externalNet,
      router_id: null,
      port_id: null,
      fixed_ip_address: null,
      status: 'DOWN',
      tenant_id: 'tenant-a',
      description: 'web',
    });
    expect(String(fip['floating_ip_address'])).toMatch(/^172\.24\.4\./);
    const id = String(fip['id']);

    const associated = member(await server.request('PUT', `/floatingips/${id}`, { floatingip: { port_id: vm['id'] } }, tenant), 'floatingip');
    expect(associated).toMatchObject({ port_id: vm['id'], fixed_ip_address: fixedIp, router_id: routerId });
    const listed = (await server.request('GET', `/floatingips?port_id=${String(vm['id'])}`, undefined, tenant)).body['floatingips'] as Dict[];
    expect(listed.map((f) => f['id'])).toEqual([id]);

    // The interface the floating IP goes through stays.
    const inUse = await server.request('PUT', `/routers/${routerId}/remove_router_interface`, { subnet_id: internalSubnet });
    expect(inUse.status).toBe(409);
    expect(neutronError(inUse)['type']).toBe('RouterInterfaceInUseByFloatingIP');
    const gatewayInUse = await server.request('PUT', `/routers/${routerId}`, { router: { external_gateway_info: {} } });
    expect(neutronError(gatewayInUse)['type']).toBe('RouterExternalGatewayInUseByFloatingIp');

    const second = await create('/floatingips', 'floatingip', { floating_network_id: externalNet }, tenant);
    const duplicate = await server.request('PUT', `/floatingips/${String(second['id'])}`, { floatingip: { port_id: vm['id'] } }, tenant);
    expect(duplicate.status).toBe(409);
    expect(neutronError(duplicate)['type']).toBe('FloatingIPPortAlreadyAssociated');

    // A body without port_id keeps the association; port_id null, or an empty body (neutron's first API), clears it.
    const described = member(await server.request('PUT', `/floatingips/${id}`, { floatingip: { description: 'kept' } }, tenant), 'floatingip');
    expect(described).toMatchObject({ port_id: vm['id'], description: 'kept' });
    const released = member(await server.request('PUT', `/floatingips/${id}`, { floatingip: { port_id: null } }, tenant), 'floatingip');
    expect(released).toMatchObject({ port_id: null, fixed_ip_address: null, router_id: null, status: 'DOWN' });
    member(await server.request('PUT', `/floatingips/${id}`, { floatingip: { port_id: vm['id'] } }, tenant), 'floatingip');
    const blank = member(await server.request('PUT', `/floatingips/${id}`, { floatingip: {} }, tenant), 'floatingip');
    expect(blank).toMatchObject({ port_id: null, fixed_ip_address: null, router_id: null, description: 'kept' });
    for (const fipId of [id, String(second['id'])]) expect((await server.request('DELETE', `/floatingips/${fipId}`, undefined, tenant)).status).toBe(204);
    expect((await server.request('GET', `/floatingips/${id}`, undefined, tenant)).status).toBe(404);
    const ports = (await server.request('GET', `/ports?device_owner=network:floatingip&device_id=${id}`)).body['ports'] as Dict[];
    expect(ports).toEqual([]);
  });

  it('takes a requested floating_ip_address, associates at create, and refuses it twice', async () => {
    const vm = await port();
    // Choosing the address is an admin's (create_floatingip:floating_ip_address), for the tenant here.
    const address = await unusedAddress(server, externalSubnet, ['172.24.4.200', '172.24.4.202', '172.24.4.203']);
    const fip = await create('/floatingips', 'floatingip', {
      floating_network_id: externalNet,
      floating_ip_address: address,
      port_id: vm['id'],
      tenant_id: 'tenant-a',
    });
    expect(fip).toMatchObject({ floating_ip_address: address, port_id: vm['id'], router_id: routerId });
    const again = await server.request('POST', '/floatingips', { floatingip: { floating_network_id: externalNet, floating_ip_address: address } });
    expect(again.status).toBe(409);
    expect(neutronError(again)['type']).toBe('IpAddressAlreadyAllocated');
    const bySubnet = await create('/floatingips', 'floatingip', { floating_network_id: externalNet, subnet_id: externalSubnet }, tenant);
    expect(String(bySubnet['floating_ip_address'])).toMatch(/^172\.24\.4\./);
    // Deleting the internal port disassociates its floating IP.
    expect((await server.request('DELETE', `/ports/${String(vm['id'])}`, undefined, tenant)).status).toBe(204);
    expect(member(await server.request('GET', `/floatingips/${String(fip['id'])}`, undefined, tenant), 'floatingip')).toMatchObject({
      port_id: null,
      router_id: null,
    });
    // Its own port cannot be deleted through /ports.
    const own = (await server.request('GET', `/ports?device_id=${String(fip['id'])}`)).body['ports'] as Dict[];
    const refused = await server.request('DELETE', `/ports/${String(own[0]!['id'])}`);
    expect(refused.status).toBe(409);
    expect(neutronError(refused)['type']).toBe('ServicePortInUse');
    for (const f of [fip, bySubnet]) expect((await server.request('DELETE', `/floatingips/${String(f['id'])}`, undefined, tenant)).status).toBe(204);
  });

  it("lets only admins choose a floating IP's address (create_floatingip:floating_ip_address is admin_only)", async () => {
    const address = await unusedAddress(server, externalSubnet, ['172.24.4.201', '172.24.4.204', '172.24.4.205']);
    const refused = await server.request('POST', '/floatingips', { floatingip: { floating_network_id: externalNet, floating_ip_address: address } }, tenant);
    expect([refused.status, neutronError(refused)['type']]).toEqual([403, 'PolicyNotAuthorized']);
    expect((await server.request('GET', `/floatingips?floating_ip_address=${address}`)).body['floatingips']).toEqual([]);
    const chosen = await create('/floatingips', 'floatingip', { floating_network_id: externalNet, floating_ip_address: address, tenant_id: 'tenant-a' });
    expect(chosen).toMatchObject({ floating_ip_address: address, tenant_id: 'tenant-a' });
    expect((await server.request('DELETE', `/floatingips/${String(chosen['id'])}`, undefined, tenant)).status).toBe(204);
  });

  it('refuses internal networks, unreachable ports, other projects and a fixed IP without a port', async () => {
    const internal = await server.request('POST', '/floatingips', { floatingip: { floating_network_id: internalNet } }, tenant);
    expect(internal.status).toBe(400);
    expect(neutronError(internal)['message']).toBe(`Bad floatingip request: Network ${internalNet} is not a valid external network.`);

    const isolatedNet = String((await create('/networks', 'network', { name: 'isolated' }, tenant))['id']);
    const isolatedSubnet = String((await create('/subnets', 'subnet', { network_id: isolatedNet, ip_version: 4, cidr: '10.5.0.0/24' }, tenant))['id']);
    const isolated = await port(isolatedNet);
    const unreachable = await server.request('POST', '/floatingips', { floatingip: { floating_network_id: externalNet, port_id: isolated['id'] } }, tenant);
    expect(unreachable.status).toBe(404);
    expect(neutronError(unreachable)).toMatchObject({
      type: 'ExternalGatewayForFloatingIPNotFound',
      message: `External network ${externalNet} is not reachable from subnet ${isolatedSubnet}.  Therefore, cannot associate Port ${String(isolated['id'])} with a Floating IP.`,
    });

    const vm = await port();
    const otherProject = await server.request(
      'POST',
      '/floatingips',
      { floatingip: { floating_network_id: externalNet, port_id: vm['id'] } },
      { project: 'tenant-b', roles: 'member' },
    );
    expect(otherProject.status).toBe(404);
    expect(neutronError(otherProject)['type']).toBe('PortNotFound');

    const noPort = await server.request('POST', '/floatingips', { floatingip: { floating_network_id: externalNet, fixed_ip_address: '10.0.0.5' } }, tenant);
    expect(noPort.status).toBe(400);
    expect(neutronError(noPort)['message']).toBe('Bad floatingip request: fixed_ip_address cannot be specified without a port_id.');
    const notOnPort = addressNotHeld(vm, ['10.0.0.250', '10.0.0.251']);
    const wrongIp = await server.request(
      'POST',
      '/floatingips',
      { floatingip: { floating_network_id: externalNet, port_id: vm['id'], fixed_ip_address: notOnPort } },
      tenant,
    );
    expect(neutronError(wrongIp)['message']).toBe(`Bad floatingip request: Port ${String(vm['id'])} does not have fixed ip ${notOnPort}.`);
    // Nothing was left behind by the refused creates.
    expect((await server.request('GET', '/floatingips', undefined, tenant)).body['floatingips']).toEqual([]);
  });

  it('deletes an external network whose only ports are floating IPs with no port, those floating IPs first, as neutron', async () => {
    const network = async (name: string): Promise<string> => {
      const id = String((await create('/networks', 'network', { name, 'router:external': true }))['id']);
      await create('/subnets', 'subnet', { network_id: id, ip_version: 4, cidr: `172.30.${name.length}.0/24` });
      return id;
    };
    const floatingIps = async (networkId: string): Promise<string[]> =>
      ((await server.request('GET', `/floatingips?floating_network_id=${networkId}`)).body['floatingips'] as Dict[]).map((fip) => String(fip['id']));

    const unused = await network('unused');
    await create('/floatingips', 'floatingip', { floating_network_id: unused }, tenant);
    await create('/floatingips', 'floatingip', { floating_network_id: unused }, { project: 'tenant-b', roles: 'member' });
    expect((await server.request('DELETE', `/networks/${unused}`)).status).toBe(204);
    expect(await floatingIps(unused)).toEqual([]);
    expect((await server.request('GET', `/ports?network_id=${unused}`)).body['ports']).toEqual([]);

    // Another port keeps the network; the refused delete changes nothing (neutron's floating IPs would be gone: it deletes them in transactions of their own).
    const used = await network('in-use');
    const fip = String((await create('/floatingips', 'floatingip', { floating_network_id: used }, tenant))['id']);
    const other = String((await create('/ports', 'port', { network_id: used, device_owner: 'compute:nova', device_id: 'vm-1' }))['id']);
    const refused = await server.request('DELETE', `/networks/${used}`);
    expect([refused.status, neutronError(refused)['type']]).toEqual([409, 'NetworkInUse']);
    expect(await floatingIps(used)).toEqual([fip]);
    expect((await server.request('DELETE', `/ports/${other}`)).status).toBe(204);
    expect((await server.request('DELETE', `/networks/${used}`)).status).toBe(204);
  });

  it('shows the associated port in port_details (fip-port-details), null once disassociated', async () => {
    const aliases = ((await server.request('GET', '/extensions')).body['extensions'] as { alias: string }[]).map((e) => e.alias);
    expect(aliases).toContain('fip-port-details');
    const vm = await create(
      '/ports',
      'port',
      { network_id: internalNet, name: 'vm-port', device_id: 'vm-1', device_owner: 'compute:nova', admin_state_up: false },
      tenant,
    );
    const expected = {
      name: 'vm-port',
      network_id: internalNet,
      mac_address: vm['mac_address'],
      admin_state_up: false,
      status: vm['status'],
      device_id: 'vm-1',
      device_owner: 'compute:nova',
    };
    const fip = await create('/floatingips', 'floatingip', { floating_network_id: externalNet, port_id: vm['id'], description: 'd1' }, tenant);
    expect(fip['port_details']).toEqual(expected);
    const id = String(fip['id']);
    expect(member(await server.request('GET', `/floatingips/${id}`, undefined, tenant), 'floatingip')['port_details']).toEqual(expected);
    expect(member(await server.request('PUT', `/floatingips/${id}`, { floatingip: { description: 'd2' } }, tenant), 'floatingip')['port_details']).toEqual(
      expected,
    );
    // The details are the port's as it is now, not as it was at association.
    expect((await server.request('PUT', `/ports/${String(vm['id'])}`, { port: { name: 'renamed' } }, tenant)).status).toBe(200);
    const listed = (await server.request('GET', `/floatingips?id=${id}&fields=id&fields=port_details`, undefined, tenant)).body['floatingips'] as Dict[];
    expect(listed).toEqual([{ id, port_details: { ...expected, name: 'renamed' } }]);
    const refused = await server.request('PUT', `/floatingips/${id}`, { floatingip: { port_details: { name: 'x' } } }, tenant);
    expect(refused.status).toBe(400);
    const released = member(await server.request('PUT', `/floatingips/${id}`, { floatingip: { port_id: null } }, tenant), 'floatingip');
    expect(released).toHaveProperty('port_details', null);
    expect((await server.request('DELETE', `/floatingips/${id}`, undefined, tenant)).status).toBe(204);
  });

  it('records statuses reported by agents', async () => {
    const fip = await create('/floatingips', 'floatingip', { floating_network_id: externalNet }, tenant);
    expect(fip['revision_number']).toBe(0);
    await server.plugin!.floatingIps.updateFloatingipStatus(getAdminContext(), String(fip['id']), 'ACTIVE');
    expect(member(await server.request('GET', `/floatingips/${String(fip['id'])}`, undefined, tenant), 'floatingip')).toMatchObject({
      status: 'ACTIVE',
      revision_number: 1,
    });
    // Agents repeat what they see: the same status again is no new revision.
    await server.plugin!.floatingIps.updateFloatingipStatus(getAdminContext(), String(fip['id']), 'ACTIVE');
    expect(member(await server.request('GET', `/floatingips/${String(fip['id'])}`, undefined, tenant), 'floatingip')['revision_number']).toBe(1);
    expect(
      member(await server.request('PUT', `/floatingips/${String(fip['id'])}`, { floatingip: { description: 'web' } }, tenant), 'floatingip')['revision_number'],
    ).toBe(2);
    expect((await server.request('DELETE', `/floatingips/${String(fip['id'])}`, undefined, tenant)).status).toBe(204);
  });
});
