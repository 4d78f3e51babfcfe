import {
  ATTR_NOT_SPECIFIED,
  GatewayConflictWithAllocationPools,
  InvalidInput,
  InvalidSharedSetting,
  NetworkInUse,
  NetworkNotFound,
  OutOfBoundsAllocationPool,
  OverlappingAllocationPools,
  PortNotFound,
  SubnetInUse,
} from '@net-server/lib';
import { describe, expect, it } from 'vitest';
import { makeSubnetDicts } from '../src/db-base-plugin/subnets/subnet-dicts.js';
import { resourceTags } from '../src/db-base-plugin/tags.js';
import { admin, alice, basePlugin, bob, dialects } from './base-plugin-fixture.js';

const stamp = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const newStandardAttributes = {
  description: '',
  tags: [],
  created_at: expect.stringMatching(stamp),
  updated_at: expect.stringMatching(stamp),
  revision_number: 0,
};

describe.each(dialects)('DbBasePlugin networks on %s', (dialect) => {
  it('creates a network with neutron’s defaults and shape, and bumps its revision on update', async () => {
    const plugin = await basePlugin(dialect);
    const network = await plugin.createNetwork(alice, { name: 'net1', admin_state_up: true, shared: false, description: ATTR_NOT_SPECIFIED });
    expect(network).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'net1',
      tenant_id: 'project-a',
      project_id: 'project-a',
      admin_state_up: true,
      mtu: 1500,
      status: 'ACTIVE',
      subnets: [],
      shared: false,
      ...newStandardAttributes,
    });
    const updated = await plugin.updateNetwork(alice, network.id, { network: { name: 'renamed', admin_state_up: false } });
    expect(updated).toMatchObject({ name: 'renamed', admin_state_up: false, revision_number: 1, created_at: network.created_at });
    expect(await plugin.getNetwork(alice, network.id, ['id', 'name'])).toEqual({ id: network.id, name: 'renamed' });
  });

  it('scopes networks to the caller’s project, plus shared ones; admins see all', async () => {
    const plugin = await basePlugin(dialect);
    const own = await plugin.createNetwork(alice, { name: 'a' });
    const other = await plugin.createNetwork(bob, { name: 'b' });
    const shared = await plugin.createNetwork(admin, { name: 's', shared: true });
    const names = async (context = alice): Promise<string[]> =>
      (await plugin.getNetworks(context, { sorts: [{ key: 'name', direction: 'asc' }] })).map((n) => n.name);
    expect(await names()).toEqual(['a', 's']);
    expect(await names(admin)).toEqual(['a', 'b', 's']);
    await expect(plugin.getNetwork(alice, other.id)).rejects.toBeInstanceOf(NetworkNotFound);
    await expect(plugin.updateNetwork(alice, other.id, { name: 'x' })).rejects.toThrow(`Network ${other.id} could not be found.`);
    expect((await plugin.getNetwork(alice, shared.id)).shared).toBe(true);
    expect(await plugin.getNetworksCount(alice)).toBe(2);
    expect(own.project_id).toBe('project-a');
    // A project's count, as the quota check asks it (admin, project filter alone: counted in SQL), and as a member sees it.
    expect(await plugin.getNetworksCount(admin, { project_id: ['project-a'] })).toBe(1);
    expect(await plugin.getNetworksCount(admin, { tenant_id: ['project-a', 'project-b'] })).toBe(2);
    expect(await plugin.getNetworksCount(admin, { project_id: ['nobody'] })).toBe(0);
    expect(await plugin.getNetworksCount(alice, { project_id: ['project-b'] })).toBe(0);
    expect(await plugin.getNetworksCount(admin, { project_id: ['project-a'], name: ['b'] })).toBe(0);
  });

  it('filters (values OR, filters AND), selects fields, sorts and pages with a marker both ways', async () => {
    const plugin = await basePlugin(dialect);
    for (const name of ['n1', 'n2', 'n3', 'n4', 'n5']) await plugin.createNetwork(admin, { name, admin_state_up: name !== 'n3' });
    const list = (options: Parameters<typeof plugin.getNetworks>[1]) => plugin.getNetworks(admin, options);
    expect(await list({ filters: { name: ['n1', 'n3', 'nope'] }, fields: ['name'], sorts: [{ key: 'name', direction: 'asc' }] })).toEqual([
      { name: 'n1' },
      { name: 'n3' },
    ]);
    expect((await list({ filters: { name: ['n1', 'n3'], admin_state_up: [false] } })).map((n) => n.name)).toEqual(['n3']);
    expect((await list({ filters: { admin_state_up: ['False'] } })).map((n) => n.name)).toEqual(['n3']);
    const desc = [{ key: 'name', direction: 'desc' as const }];
    const page1 = await list({ sorts: desc, limit: 2 });
    expect(page1.map((n) => n.name)).toEqual(['n5', 'n4']);
    const page2 = await list({ sorts: desc, limit: 2, marker: page1[1]!.id });
    expect(page2.map((n) => n.name)).toEqual(['n3', 'n2']);
    const back = await list({ sorts: desc, limit: 2, marker: page2[0]!.id, pageReverse: true });
    expect(back.map((n) => n.name)).toEqual(['n5', 'n4']);
    await expect(list({ marker: '00000000-0000-0000-0000-000000000000' })).rejects.toBeInstanceOf(NetworkNotFound);
    expect(await plugin.getNetworksCount(admin, { name: ['n1', 'n2'] })).toBe(2);
  });

  it('creates in bulk all or nothing', async () => {
    const plugin = await basePlugin(dialect);
    const created = await plugin.createNetworkBulk(alice, [{ name: 'b1' }, { name: 'b2' }]);
    expect(created.map((n) => n.name)).toEqual(['b1', 'b2']);
    const network = created[0]!;
    await plugin.createSubnet(alice, { network_id: network.id, ip_version: 4, cidr: '10.9.0.0/24' });
    await expect(
      plugin.createSubnetBulk(alice, [
        { network_id: network.id, ip_version: 4, cidr: '10.8.0.0/24' },
        { network_id: network.id, ip_version: 4, cidr: '10.9.0.0/25' },
      ]),
    ).rejects.toBeInstanceOf(InvalidInput);
    expect((await plugin.getSubnets(alice)).map((s) => s.cidr)).toEqual(['10.9.0.0/24']);
  });

  it('refuses to delete a network in use, and takes its DHCP ports and subnets along otherwise', async () => {
    const plugin = await basePlugin(dialect);
    const network = await plugin.createNetwork(alice, { name: 'n' });
    const subnet = await plugin.createSubnet(alice, { network_id: network.id, ip_version: 4, cidr: '10.0.0.0/24' });
    const vm = await plugin.createPort(alice, { network_id: network.id, device_owner: 'compute:nova' });
    await expect(plugin.deleteNetwork(alice, network.id)).rejects.toBeInstanceOf(NetworkInUse);
    await plugin.deletePort(alice, vm.id);
    const dhcp = await plugin.createPort(admin, { network_id: network.id, device_owner: 'network:dhcp', project_id: 'project-a' });
    await plugin.deleteNetwork(alice, network.id);
    await expect(plugin.getPort(admin, dhcp.id)).rejects.toBeInstanceOf(PortNotFound);
    expect(await plugin.getSubnetsCount(admin, { id: [subnet.id] })).toBe(0);
    await expect(plugin.getNetwork(admin, network.id)).rejects.toBeInstanceOf(NetworkNotFound);
  });

  it('keeps a network shared while other projects have ports on it', async () => {
    const plugin = await basePlugin(dialect);
    const network = await plugin.createNetwork(admin, { name: 'public', shared: true });
    await plugin.createSubnet(admin, { network_id: network.id, ip_version: 4, cidr: '10.1.0.0/24' });
    const port = await plugin.createPort(bob, { network_id: network.id });
    expect(port.project_id).toBe('project-b');
    await expect(plugin.updateNetwork(admin, network.id, { shared: false })).rejects.toBeInstanceOf(InvalidSharedSetting);
    await plugin.deletePort(bob, port.id);
    expect((await plugin.updateNetwork(admin, network.id, { shared: false })).shared).toBe(false);
  });
});

describe.each(dialects)('DbBasePlugin subnets on %s', (dialect) => {
  it('defaults the gateway and pools, stores DNS servers in order and host routes', async () => {
    const plugin = await basePlugin(dialect);
    const network = await plugin.createNetwork(alice, { name: 'n' });
    const subnet = await plugin.createSubnet(alice, {
      subnet: {
        network_id: network.id,
        ip_version: 4,
        cidr: '10.0.0.0/24',
        dns_nameservers: ['8.8.8.8', '1.1.1.1'],
        host_routes: [{ destination: '192.168.0.0/16', nexthop: '10.0.0.254' }],
        name: 's',
      },
    });
    expect(subnet).toEqual({
      id: expect.any(String),
      name: 's',
      tenant_id: 'project-a',
      project_id: 'project-a',
      network_id: network.id,
      ip_version: 4,
      subnetpool_id: null,
      enable_dhcp: true,
      ipv6_ra_mode: null,
      ipv6_address_mode: null,
      gateway_ip: '10.0.0.1',
      cidr: '10.0.0.0/24',
      allocation_pools: [{ start: '10.0.0.2', end: '10.0.0.254' }],
      host_routes: [{ destination: '192.168.0.0/16', nexthop: '10.0.0.254' }],
      dns_nameservers: ['8.8.8.8', '1.1.1.1'],
      shared: false,
      service_types: [],
      ...newStandardAttributes,
    });
    // A subnet revises its network (neutron's revises_on_change).
    expect(await plugin.getNetwork(alice, network.id)).toMatchObject({ subnets: [subnet.id], revision_number: 1 });
    const noGateway = await plugin.createSubnet(alice, { network_id: network.id, ip_version: 4, cidr: '10.0.1.5/24', gateway_ip: null });
    expect(noGateway).toMatchObject({ cidr: '10.0.1.0/24', gateway_ip: null, allocation_pools: [{ start: '10.0.1.1', end: '10.0.1.254' }] });
    const updated = await plugin.updateSubnet(alice, subnet.id, {
      dns_nameservers: ['1.1.1.1'],
      allocation_pools: [{ start: '10.0.0.100', end: '10.0.0.200' }],
    });
    expect(updated).toMatchObject({ dns_nameservers: ['1.1.1.1'], allocation_pools: [{ start: '10.0.0.100', end: '10.0.0.200' }], revision_number: 1 });
  });

  it('lists subnets by fields, its filters and sorts reading attributes outside them, and reads only what fields name', async () => {
    const plugin = await basePlugin(dialect);
    const network = await plugin.createNetwork(alice, { name: 'n' });
    for (const [name, cidr, tags] of [
      ['b', '10.0.0.0/24', ['red']],
      ['c', '10.0.1.0/24', []],
      ['a', '10.0.2.0/24', ['red', 'blue']],
    ] as const) {
      const subnet = await plugin.createSubnet(alice, { network_id: network.id, ip_version: 4, cidr, name, dns_nameservers: ['8.8.8.8'] });
      await plugin.transactions.write(alice, (session) => resourceTags.add(session.db, subnet.id, tags));
    }
    const listed = await plugin.getSubnets(alice, {
      filters: { network_id: [network.id], 'tags-any': ['red'] },
      fields: ['cidr', 'dns_nameservers'],
      sorts: [{ key: 'name', direction: 'asc' }],
    });
    expect(listed).toEqual([
      { cidr: '10.0.2.0/24', dns_nameservers: ['8.8.8.8'] },
      { cidr: '10.0.0.0/24', dns_nameservers: ['8.8.8.8'] },
    ]);
    expect(await plugin.getSubnets(alice, { filters: { 'not-tags': ['red'] }, fields: ['name'] })).toEqual([{ name: 'c' }]);

    const dicts = await plugin.transactions.read(alice, async (session) =>
      makeSubnetDicts(session, await session.db.selectFrom('subnets').selectAll().where('name', '=', 'a').execute(), ['id', 'dns_nameservers']),
    );
    expect(dicts).toEqual([
      expect.objectContaining({ cidr: '10.0.2.0/24', dns_nameservers: ['8.8.8.8'], allocation_pools: [], host_routes: [], service_types: [], tags: [] }),
    ]);
  });

  it('checks allocation pools and the gateway as neutron does', async () => {
    const plugin = await basePlugin(dialect);
    const network = await plugin.createNetwork(alice, { name: 'n' });
    const create = (extra: Record<string, unknown>) => plugin.createSubnet(alice, { network_id: network.id, ip_version: 4, cidr: '10.0.0.0/24', ...extra });
    await expect(create({ allocation_pools: [{ start: '10.0.0.1', end: '10.0.0.10' }] })).rejects.toThrow(GatewayConflictWithAllocationPools);
    await expect(create({ allocation_pools: [{ start: '10.0.0.2', end: '10.0.1.10' }] })).rejects.toThrow(OutOfBoundsAllocationPool);
    await expect(
      create({
        allocation_pools: [
          { start: '10.0.0.2', end: '10.0.0.20' },
          { start: '10.0.0.15', end: '10.0.0.30' },
        ],
      }),
    ).rejects.toThrow(OverlappingAllocationPools);
    await expect(create({ gateway_ip: '10.0.0.255' })).rejects.toThrow('Gateway is not valid on subnet');
    await expect(create({ ip_version: 6 })).rejects.toThrow("cidr '10.0.0.0/24' does not match the ip_version '6'");
    await expect(create({ ipv6_ra_mode: 'slaac' })).rejects.toThrow('ipv6_ra_mode is not valid when ip_version is 4');
    await expect(create({ cidr: '10.0.0.0/31' })).rejects.toThrow('Subnet has a prefix length that is incompatible with DHCP service enabled');
    await expect(create({ dns_nameservers: ['1.1.1.1', '1.1.1.2', '1.1.1.3', '1.1.1.4', '1.1.1.5', '1.1.1.6'] })).rejects.toThrow(
      'Unable to complete operation for new subnet. The number of DNS nameservers exceeds the limit 5.',
    );
    const ok = await create({
      allocation_pools: [
        { start: '10.0.0.10', end: '10.0.0.20' },
        { start: '10.0.0.30', end: '10.0.0.40' },
      ],
    });
    expect(ok.allocation_pools).toHaveLength(2);
    await expect(plugin.updateSubnet(alice, ok.id, { gateway_ip: '10.0.0.15' })).rejects.toThrow(GatewayConflictWithAllocationPools);
  });

  it('refuses overlapping subnets on a network, and across networks unless allow_overlapping_ips', async () => {
    const strict = await basePlugin(dialect);
    const n1 = await strict.createNetwork(alice, { name: 'n1' });
    const n2 = await strict.createNetwork(bob, { name: 'n2' });
    await strict.createSubnet(alice, { network_id: n1.id, ip_version: 4, cidr: '10.0.0.0/16' });
    await expect(strict.createSubnet(alice, { network_id: n1.id, ip_version: 4, cidr: '10.0.5.0/24' })).rejects.toThrow(
      `Invalid input for operation: Requested subnet with cidr: 10.0.5.0/24 for network: ${n1.id} overlaps with another subnet.`,
    );
    await expect(strict.createSubnet(bob, { network_id: n2.id, ip_version: 4, cidr: '10.0.5.0/24' })).rejects.toBeInstanceOf(InvalidInput);
    const open = await basePlugin(dialect, { settings: { allowOverlappingIps: true } });
    const m1 = await open.createNetwork(alice, { name: 'm1' });
    const m2 = await open.createNetwork(bob, { name: 'm2' });
    await open.createSubnet(alice, { network_id: m1.id, ip_version: 4, cidr: '10.0.0.0/16' });
    expect((await open.createSubnet(bob, { network_id: m2.id, ip_version: 4, cidr: '10.0.5.0/24' })).cidr).toBe('10.0.5.0/24');
  });

  it('deletes a subnet only when no port but DHCP holds an address on it', async () => {
    const plugin = await basePlugin(dialect);
    const network = await plugin.createNetwork(admin, { name: 'n' });
    const subnet = await plugin.createSubnet(admin, { network_id: network.id, ip_version: 4, cidr: '10.0.0.0/24' });
    const vm = await plugin.createPort(admin, { network_id: network.id });
    const dhcp = await plugin.createPort(admin, { network_id: network.id, device_owner: 'network:dhcp' });
    await expect(plugin.deleteSubnet(admin, subnet.id)).rejects.toBeInstanceOf(SubnetInUse);
    await plugin.deletePort(admin, vm.id);
    await plugin.deleteSubnet(admin, subnet.id);
    expect((await plugin.getPort(admin, dhcp.id)).fixed_ips).toEqual([]);
  });

  it('gives IPv6 SLAAC ports their EUI-64 address and DHCPv6-stateful ports one from the pool', async () => {
    const plugin = await basePlugin(dialect);
    const network = await plugin.createNetwork(admin, { name: 'v6' });
    const port = await plugin.createPort(admin, { network_id: network.id, mac_address: 'fa:16:3e:12:34:56' });
    const slaac = await plugin.createSubnet(admin, {
      network_id: network.id,
      ip_version: 6,
      cidr: '2001:db8:1::/64',
      ipv6_ra_mode: 'slaac',
      ipv6_address_mode: 'slaac',
    });
    expect(slaac).toMatchObject({ gateway_ip: '2001:db8:1::', allocation_pools: [{ start: '2001:db8:1::1', end: '2001:db8:1:0:ffff:ffff:ffff:ffff' }] });
    // Existing ports get an address on a new SLAAC subnet.
    expect(await plugin.getPort(admin, port.id)).toMatchObject({
      fixed_ips: [{ subnet_id: slaac.id, ip_address: '2001:db8:1:0:f816:3eff:fe12:3456' }],
      revision_number: 1,
    });
    const stateful = await plugin.createSubnet(admin, {
      network_id: network.id,
      ip_version: 6,
      cidr: '2001:db8:2::/64',
      ipv6_ra_mode: 'dhcpv6-stateful',
      ipv6_address_mode: 'dhcpv6-stateful',
    });
    const second = await plugin.createPort(admin, { network_id: network.id, mac_address: 'fa:16:3e:00:00:01' });
    const bySubnet = Object.fromEntries(second.fixed_ips.map((f) => [f.subnet_id, f.ip_address]));
    expect(bySubnet[slaac.id]).toBe('2001:db8:1:0:f816:3eff:fe00:1');
    expect(bySubnet[stateful.id]).toMatch(/^2001:db8:2::/);
    await expect(plugin.createPort(admin, { network_id: network.id, fixed_ips: [{ subnet_id: slaac.id, ip_address: '2001:db8:1::5' }] })).rejects.toThrow(
      `IPv6 address 2001:db8:1::5 cannot be directly assigned to a port on subnet ${slaac.id}`,
    );
    await expect(plugin.createSubnet(admin, { network_id: network.id, ip_version: 6, cidr: '2001:db8:3::/80', ipv6_address_mode: 'slaac' })).rejects.toThrow(
      'Invalid CIDR 2001:db8:3::/80 for IPv6 address mode. OpenStack uses the EUI-64 address format, which requires the prefix to be /64',
    );
    await expect(
      plugin.createSubnet(admin, {
        network_id: network.id,
        ip_version: 6,
        cidr: '2001:db8:4::/64',
        ipv6_ra_mode: 'slaac',
        ipv6_address_mode: 'dhcpv6-stateful',
      }),
    ).rejects.toThrow("ipv6_ra_mode set to 'slaac' with ipv6_address_mode set to 'dhcpv6-stateful' is not valid");
    // A new MAC derives a new EUI-64 address.
    const moved = await plugin.updatePort(admin, port.id, { mac_address: 'fa:16:3e:aa:bb:cc' });
    expect(moved.fixed_ips.find((f) => f.subnet_id === slaac.id)?.ip_address).toBe('2001:db8:1:0:f816:3eff:feaa:bbcc');
  });
});
