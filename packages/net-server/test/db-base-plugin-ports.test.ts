import {
  IpAddressAlreadyAllocated,
  IpAddressGenerationFailure,
  InvalidIpForNetwork,
  InvalidIpForSubnet,
  MacAddressInUse,
  NetworkNotFound,
  PortNotFound,
  SubnetNotFound,
  UnsupportedPortDeviceOwner,
} from '@net-server/lib';
import { describe, expect, it } from 'vitest';
import { admin, alice, basePlugin, bob, dialects } from './base-plugin-fixture.js';

describe.each(dialects)('DbBasePlugin ports on %s', (dialect) => {
  async function networkWithSubnet(cidr = '10.0.0.0/24', extra: Record<string, unknown> = {}) {
    const plugin = await basePlugin(dialect, { settings: { baseMac: 'fa:16:3e:00:00:00' } });
    const network = await plugin.createNetwork(alice, { name: 'n' });
    const subnet = await plugin.createSubnet(alice, { network_id: network.id, ip_version: 4, cidr, ...extra });
    return { plugin, network, subnet };
  }

  it('allocates an address from the pools and a MAC on base_mac, in neutron’s port shape', async () => {
    const { plugin, network, subnet } = await networkWithSubnet();
    const port = await plugin.createPort(alice, { port: { network_id: network.id, name: 'p', device_owner: 'compute:nova', device_id: 'vm1' } });
    expect(port).toMatchObject({
      name: 'p',
      network_id: network.id,
      tenant_id: 'project-a',
      project_id: 'project-a',
      admin_state_up: true,
      status: 'ACTIVE',
      device_id: 'vm1',
      device_owner: 'compute:nova',
      revision_number: 0,
    });
    expect(port.mac_address).toMatch(/^fa:16:3e:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}$/);
    expect(port.fixed_ips).toEqual([{ subnet_id: subnet.id, ip_address: expect.stringMatching(/^10\.0\.0\.(\d+)$/) }]);
    // DHCP ports take the lowest free address, as neutron's PreferNextAddressRequest.
    const dhcp = await plugin.createPort(alice, { network_id: network.id, device_owner: 'network:dhcp' });
    expect(dhcp.fixed_ips[0]!.ip_address).toBe(port.fixed_ips[0]!.ip_address === '10.0.0.2' ? '10.0.0.3' : '10.0.0.2');
    const last = Number(port.fixed_ips[0]!.ip_address.split('.')[3]);
    expect(last).toBeGreaterThanOrEqual(2);
    expect(last).toBeLessThanOrEqual(254);
  });

  it('honours fixed IPs by address or subnet and refuses taken, foreign and invalid ones', async () => {
    const { plugin, network, subnet } = await networkWithSubnet();
    const fixed = await plugin.createPort(alice, { network_id: network.id, fixed_ips: [{ ip_address: '10.0.0.50' }] });
    expect(fixed.fixed_ips).toEqual([{ subnet_id: subnet.id, ip_address: '10.0.0.50' }]);
    const bySubnet = await plugin.createPort(alice, { network_id: network.id, fixed_ips: [{ subnet_id: subnet.id }] });
    expect(bySubnet.fixed_ips[0]!.subnet_id).toBe(subnet.id);
    // Outside the pools but inside the CIDR is allowed, as neutron.
    const gateway = await plugin.createPort(alice, { network_id: network.id, fixed_ips: [{ subnet_id: subnet.id, ip_address: '10.0.0.1' }] });
    expect(gateway.fixed_ips[0]!.ip_address).toBe('10.0.0.1');
    const taken = plugin.createPort(alice, { network_id: network.id, fixed_ips: [{ subnet_id: subnet.id, ip_address: '10.0.0.50' }] });
    await expect(taken).rejects.toBeInstanceOf(IpAddressAlreadyAllocated);
    await expect(taken).rejects.toThrow(`IP address 10.0.0.50 already allocated in subnet ${subnet.id}`);
    await expect(plugin.createPort(alice, { network_id: network.id, fixed_ips: [{ ip_address: '10.1.0.5' }] })).rejects.toBeInstanceOf(InvalidIpForNetwork);
    await expect(plugin.createPort(alice, { network_id: network.id, fixed_ips: [{ subnet_id: subnet.id, ip_address: '10.0.0.255' }] })).rejects.toBeInstanceOf(
      InvalidIpForSubnet,
    );
    await expect(
      plugin.createPort(alice, { network_id: network.id, fixed_ips: [{ subnet_id: '00000000-0000-0000-0000-000000000000' }] }),
    ).rejects.toBeInstanceOf(SubnetNotFound);
    await expect(plugin.createPort(alice, { network_id: network.id, fixed_ips: [{}] })).rejects.toThrow('IP allocation requires subnet_id or ip_address');
    // A failed create leaves nothing behind.
    expect(await plugin.getPortsCount(alice)).toBe(3);
  });

  it('fails with IpAddressGenerationFailure once the pools are exhausted, and reuses freed addresses', async () => {
    const { plugin, network } = await networkWithSubnet('10.0.0.0/29');
    const ports = [];
    for (let i = 0; i < 5; i++) ports.push(await plugin.createPort(alice, { network_id: network.id }));
    expect(new Set(ports.map((p) => p.fixed_ips[0]!.ip_address)).size).toBe(5);
    const full = plugin.createPort(alice, { network_id: network.id });
    await expect(full).rejects.toBeInstanceOf(IpAddressGenerationFailure);
    await expect(full).rejects.toThrow(`No more IP addresses available on network ${network.id}.`);
    await plugin.deletePort(alice, ports[2]!.id);
    const again = await plugin.createPort(alice, { network_id: network.id });
    expect(again.fixed_ips[0]!.ip_address).toBe(ports[2]!.fixed_ips[0]!.ip_address);
  });

  it('refuses a MAC already on the network, but not on another network', async () => {
    const { plugin, network } = await networkWithSubnet();
    const other = await plugin.createNetwork(alice, { name: 'other' });
    await plugin.createPort(alice, { network_id: network.id, mac_address: 'FA-16-3E-AA-BB-CC' });
    const again = plugin.createPort(alice, { network_id: network.id, mac_address: 'fa:16:3e:aa:bb:cc' });
    await expect(again).rejects.toBeInstanceOf(MacAddressInUse);
    await expect(again).rejects.toThrow(`Unable to complete operation for network ${network.id}. The mac address fa:16:3e:aa:bb:cc is in use.`);
    expect((await plugin.createPort(alice, { network_id: other.id, mac_address: 'fa:16:3e:aa:bb:cc' })).mac_address).toBe('fa:16:3e:aa:bb:cc');
  });

  it('changes a MAC on update, draws a new one for null, and keeps those of ports the network owns', async () => {
    const { plugin, network } = await networkWithSubnet();
    const port = await plugin.createPort(alice, { network_id: network.id });
    await plugin.createPort(alice, { network_id: network.id, mac_address: 'fa:16:3e:aa:bb:cc' });
    await expect(plugin.updatePort(admin, port.id, { mac_address: 'FA:16:3E:AA:BB:CC' })).rejects.toBeInstanceOf(MacAddressInUse);
    expect((await plugin.updatePort(admin, port.id, { mac_address: 'FA:16:3E:AA:BB:CD' })).mac_address).toBe('fa:16:3e:aa:bb:cd');
    const regenerated = await plugin.updatePort(admin, port.id, { mac_address: null });
    expect(regenerated.mac_address).toMatch(/^fa:16:3e:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}$/);
    expect(regenerated.mac_address).not.toBe('fa:16:3e:aa:bb:cd');
    const dhcp = await plugin.createPort(alice, { network_id: network.id, device_owner: 'network:dhcp' });
    await expect(plugin.updatePort(admin, dhcp.id, { mac_address: null })).rejects.toBeInstanceOf(UnsupportedPortDeviceOwner);
    // Its own MAC again is no change.
    expect((await plugin.updatePort(admin, dhcp.id, { mac_address: dhcp.mac_address.toUpperCase(), name: 'dhcp' })).mac_address).toBe(dhcp.mac_address);
  });

  it('changes fixed IPs on update: keeps named ones, adds new ones, releases the rest', async () => {
    const { plugin, network, subnet } = await networkWithSubnet();
    const second = await plugin.createSubnet(alice, { network_id: network.id, ip_version: 4, cidr: '10.0.1.0/24' });
    const port = await plugin.createPort(alice, { network_id: network.id, fixed_ips: [{ ip_address: '10.0.0.10' }, { ip_address: '10.0.0.11' }] });
    const updated = await plugin.updatePort(alice, port.id, { fixed_ips: [{ ip_address: '10.0.0.11' }, { subnet_id: second.id, ip_address: '10.0.1.7' }] });
    expect(updated.fixed_ips).toEqual(
      [
        { subnet_id: subnet.id, ip_address: '10.0.0.11' },
        { subnet_id: second.id, ip_address: '10.0.1.7' },
      ].sort((a, b) => (a.subnet_id < b.subnet_id ? -1 : 1)),
    );
    expect(updated.revision_number).toBe(1);
    // The released address is free again.
    const reuse = await plugin.createPort(alice, { network_id: network.id, fixed_ips: [{ ip_address: '10.0.0.10' }] });
    expect(reuse.fixed_ips[0]!.ip_address).toBe('10.0.0.10');
    await expect(plugin.updatePort(alice, port.id, { fixed_ips: [{ ip_address: '10.0.0.10' }] })).rejects.toBeInstanceOf(IpAddressAlreadyAllocated);
    expect((await plugin.getPort(alice, port.id)).fixed_ips).toHaveLength(2);
  });

  it('lists ports by fixed_ips, network and device, scoped to the project and the network owner', async () => {
    const { plugin, network, subnet } = await networkWithSubnet();
    const a = await plugin.createPort(alice, { network_id: network.id, fixed_ips: [{ ip_address: '10.0.0.21' }], device_id: 'vm-a' });
    await plugin.createPort(alice, { network_id: network.id, fixed_ips: [{ ip_address: '10.0.0.22' }], device_id: 'vm-b' });
    const ids = async (filters: Record<string, unknown[]>) => (await plugin.getPorts(alice, { filters })).map((p) => p.id);
    expect(await ids({ fixed_ips: ['ip_address=10.0.0.21'] })).toEqual([a.id]);
    expect(await ids({ fixed_ips: [{ ip_address: ['10.0.0.21'], subnet_id: [subnet.id] }] })).toEqual([a.id]);
    expect(await ids({ fixed_ips: ['ip_address_substr=0.0.2'] })).toHaveLength(2);
    expect(await ids({ device_id: ['vm-a', 'vm-x'], network_id: [network.id] })).toEqual([a.id]);
    // A marker the filters exclude still places the page by its sort keys.
    const other = await plugin.createNetwork(alice, { name: 'other' });
    await plugin.createSubnet(alice, { network_id: other.id, ip_version: 4, cidr: '10.5.0.0/24' });
    const marker = await plugin.createPort(alice, { network_id: other.id, name: 'p-b' });
    await plugin.updatePort(alice, a.id, { name: 'p-a' });
    const late = await plugin.createPort(alice, { network_id: network.id, name: 'p-c' });
    const page = await plugin.getPorts(alice, {
      filters: { network_id: [network.id] },
      sorts: [{ key: 'name', direction: 'asc' }],
      marker: marker.id,
      limit: 5,
    });
    expect(page.map((p) => p.id)).toEqual([late.id]);
    expect(await plugin.getPorts(bob)).toEqual([]);
    await expect(plugin.createPort(bob, { network_id: network.id })).rejects.toBeInstanceOf(NetworkNotFound);
    // A port another project (admin-made) put on alice's network is visible to alice, the network owner.
    const foreign = await plugin.createPort(admin, { network_id: network.id, project_id: 'project-b' });
    expect((await plugin.getPort(alice, foreign.id)).project_id).toBe('project-b');
    expect((await plugin.getPorts(bob)).map((p) => p.id)).toEqual([foreign.id]);
  });

  it('pages an unfiltered list by id from the marker, forwards and backwards, within what the caller sees', async () => {
    const { plugin, network } = await networkWithSubnet();
    const created = [];
    for (let i = 0; i < 7; i++) created.push((await plugin.createPort(alice, { network_id: network.id, name: `p${i}` })).id);
    const hidden = await plugin.createNetwork(bob, { name: 'bobs' });
    await plugin.createSubnet(bob, { network_id: hidden.id, ip_version: 4, cidr: '10.9.0.0/24' });
    const bobs = await plugin.createPort(bob, { network_id: hidden.id });
    const ordered = [...created].sort();
    const ids = async (options: Parameters<typeof plugin.getPorts>[1]) => (await plugin.getPorts(alice, options)).map((p) => p.id);
    expect(await ids({ limit: 3 })).toEqual(ordered.slice(0, 3));
    expect(await ids({ limit: 3, marker: ordered[2] })).toEqual(ordered.slice(3, 6));
    expect(await ids({ limit: 3, marker: ordered[5] })).toEqual(ordered.slice(6));
    expect(await ids({ limit: 3, marker: ordered[6] })).toEqual([]);
    expect(await ids({ limit: 2, marker: ordered[4], pageReverse: true })).toEqual(ordered.slice(2, 4));
    expect(await ids({ limit: 2, pageReverse: true })).toEqual(ordered.slice(5));
    expect(await ids({ limit: 2, marker: ordered[1], sorts: [{ key: 'id', direction: 'asc' }], fields: ['id'] })).toEqual(ordered.slice(2, 4));
    expect(await plugin.getPorts(alice, { limit: 1, fields: ['name'] })).toEqual([{ name: `p${created.indexOf(ordered[0]!)}` }]);
    // A marker the caller cannot see, or that does not exist, fails as a get would.
    await expect(plugin.getPorts(alice, { limit: 2, marker: bobs.id })).rejects.toBeInstanceOf(PortNotFound);
    await expect(plugin.getPorts(alice, { limit: 2, marker: '5c7f3a1e-0000-4000-8000-000000000000' })).rejects.toBeInstanceOf(PortNotFound);
    // Admin pages see every project's ports.
    expect((await plugin.getPorts(admin, { limit: 100 })).map((p) => p.id).sort()).toEqual([...created, bobs.id].sort());
  });

  it('pages a list filtered by network, device or project as the whole list would, and subnets by network', async () => {
    const { plugin, network } = await networkWithSubnet();
    const other = await plugin.createNetwork(alice, { name: 'other' });
    const otherSubnet = await plugin.createSubnet(alice, { network_id: other.id, ip_version: 4, cidr: '10.6.0.0/24' });
    await plugin.createSubnet(alice, { network_id: network.id, ip_version: 4, cidr: '10.7.0.0/24' });
    await plugin.createSubnet(alice, { network_id: other.id, ip_version: 4, cidr: '10.8.0.0/24' });
    for (let i = 0; i < 10; i++) await plugin.createPort(alice, { network_id: i % 2 ? network.id : other.id, device_id: i % 3 ? 'vm-a' : 'vm-b' });
    for (const filters of [{ network_id: [network.id] }, { device_id: ['vm-a'] }, { tenant_id: ['project-a'] }, { network_id: [network.id, other.id] }]) {
      const whole = (await plugin.getPorts(alice, { filters })).map((p) => p.id).sort();
      const pages: string[] = [];
      let marker: string | undefined;
      for (let page = 0; page < 10; page++) {
        const found = (await plugin.getPorts(alice, { filters, limit: 2, ...(marker ? { marker } : {}) })).map((p) => p.id);
        pages.push(...found);
        if (found.length < 2) break;
        marker = found.at(-1);
      }
      expect(pages).toEqual(whole);
    }
    const subnets = (await plugin.getSubnets(alice, { filters: { network_id: [other.id] } })).map((s) => s.id).sort();
    expect(subnets).toHaveLength(2);
    expect((await plugin.getSubnets(alice, { filters: { network_id: [other.id] }, limit: 1 })).map((s) => s.id)).toEqual([subnets[0]]);
    expect((await plugin.getSubnets(alice, { filters: { network_id: [other.id] }, limit: 1, marker: subnets[0]! })).map((s) => s.id)).toEqual([subnets[1]]);
    expect(subnets).toContain(otherSubnet.id);
    const networks = [network.id, other.id].sort();
    expect((await plugin.getNetworks(alice, { filters: { id: networks }, limit: 1, marker: networks[0]! })).map((n) => n.id)).toEqual([networks[1]]);
  });
});
