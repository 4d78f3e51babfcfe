import { randomUUID } from 'node:crypto';
import {
  EmptySubnetPoolPrefixList,
  IllegalSubnetPoolPrefixBounds,
  IllegalSubnetPoolPrefixUpdate,
  MinPrefixSubnetAllocationError,
  NetworkAddressScopeAffinityError,
  NetworkSubnetPoolAffinityError,
  PrefixVersionMismatch,
  SubnetAllocationError,
  SubnetPoolInUse,
  SubnetPoolQuotaExceeded,
} from '@net-server/lib';
import { describe, expect, it } from 'vitest';
import { admin, alice, basePlugin, bob, dialects } from './base-plugin-fixture.js';

describe.each(dialects)('DbBasePlugin subnet pools on %s', (dialect) => {
  it('creates a pool with neutron’s defaults and compacted prefixes', async () => {
    const plugin = await basePlugin(dialect);
    const pool = await plugin.createSubnetpool(alice, { name: 'p', prefixes: ['10.0.0.0/24', '10.0.1.0/24', '10.0.0.128/25'] });
    expect(pool).toMatchObject({
      name: 'p',
      project_id: 'project-a',
      prefixes: ['10.0.0.0/23'],
      ip_version: 4,
      // Strings, as neutron's _make_subnetpool_dict gives them.
      min_prefixlen: '8',
      max_prefixlen: '32',
      default_prefixlen: '8',
      default_quota: null,
      shared: false,
      is_default: false,
      address_scope_id: null,
      revision_number: 0,
    });
    const v6 = await plugin.createSubnetpool(alice, { name: 'v6', prefixes: ['2001:db8::/48'] });
    expect(v6).toMatchObject({ ip_version: 6, min_prefixlen: '64', max_prefixlen: '128', default_prefixlen: '64' });
    // From a pool, an IPv6 subnet's gateway is its first address (neutron's SubnetAllocator), not the anycast address.
    const network = await plugin.createNetwork(alice, { name: 'v6net' });
    const subnet = await plugin.createSubnet(alice, { network_id: network.id, ip_version: 6, subnetpool_id: v6.id });
    expect(subnet).toMatchObject({
      cidr: '2001:db8::/64',
      gateway_ip: '2001:db8::1',
      allocation_pools: [{ start: '2001:db8::2', end: '2001:db8::ffff:ffff:ffff:ffff' }],
    });
    await expect(plugin.createSubnetpool(alice, { name: 'x', prefixes: [] })).rejects.toBeInstanceOf(EmptySubnetPoolPrefixList);
    await expect(plugin.createSubnetpool(alice, { name: 'x', prefixes: ['10.0.0.0/8', '2001:db8::/32'] })).rejects.toBeInstanceOf(PrefixVersionMismatch);
    await expect(plugin.createSubnetpool(alice, { name: 'x', prefixes: ['10.0.0.0/8'], min_prefixlen: 24, max_prefixlen: 16 })).rejects.toBeInstanceOf(
      IllegalSubnetPoolPrefixBounds,
    );
    await expect(plugin.createSubnetpool(alice, { name: 'x', prefixes: ['10.0.0.0/8'], default_prefixlen: 'big' })).rejects.toThrow(
      "Invalid input for operation: 'big' is not an integer.",
    );
    expect(await plugin.getSubnetpoolsCount(bob)).toBe(0);
  });

  it('allocates subnet prefixes from the pool until it runs out', async () => {
    const plugin = await basePlugin(dialect);
    const pool = await plugin.createSubnetpool(alice, { name: 'p', prefixes: ['10.10.0.0/22'], default_prefixlen: 24, min_prefixlen: 23, max_prefixlen: 28 });
    const network = await plugin.createNetwork(alice, { name: 'n' });
    const first = await plugin.createSubnet(alice, { network_id: network.id, ip_version: 4, subnetpool_id: pool.id });
    expect(first).toMatchObject({
      cidr: '10.10.0.0/24',
      gateway_ip: '10.10.0.1',
      subnetpool_id: pool.id,
      allocation_pools: [{ start: '10.10.0.2', end: '10.10.0.254' }],
    });
    const specific = await plugin.createSubnet(alice, { network_id: network.id, ip_version: 4, subnetpool_id: pool.id, cidr: '10.10.2.0/24' });
    expect(specific.cidr).toBe('10.10.2.0/24');
    const small = await plugin.createSubnet(alice, { network_id: network.id, ip_version: 4, subnetpool_id: pool.id, prefixlen: 28 });
    expect(small.cidr).toBe('10.10.1.0/28');
    await expect(plugin.createSubnet(alice, { network_id: network.id, ip_version: 4, subnetpool_id: pool.id, prefixlen: 22 })).rejects.toBeInstanceOf(
      MinPrefixSubnetAllocationError,
    );
    await expect(plugin.createSubnet(alice, { network_id: network.id, ip_version: 4, subnetpool_id: pool.id, cidr: '10.10.0.128/25' })).rejects.toThrow(
      'Cannot allocate requested subnet from the available set of prefixes',
    );
    await plugin.createSubnet(alice, { network_id: network.id, ip_version: 4, subnetpool_id: pool.id, prefixlen: 24 });
    await expect(plugin.createSubnet(alice, { network_id: network.id, ip_version: 4, subnetpool_id: pool.id })).rejects.toBeInstanceOf(SubnetAllocationError);
    // Subnets of one family on a network come from one pool.
    await expect(plugin.createSubnet(alice, { network_id: network.id, ip_version: 4, cidr: '192.168.0.0/24' })).rejects.toBeInstanceOf(
      NetworkSubnetPoolAffinityError,
    );
    await expect(plugin.deleteSubnetpool(alice, pool.id)).rejects.toBeInstanceOf(SubnetPoolInUse);
  });

  it('lets a network take subnets from any pool of its address scope, and from no other pool', async () => {
    const plugin = await basePlugin(dialect);
    // The address-scope extension sets the scope; the base plugin stores it unchecked.
    const [scope, otherScope] = [randomUUID(), randomUUID()];
    const pool = (prefix: string, addressScope: string | null) =>
      plugin.createSubnetpool(alice, { name: prefix, prefixes: [prefix], default_prefixlen: 24, address_scope_id: addressScope });
    const [first, second, elsewhere, unscoped] = await Promise.all([
      pool('10.1.0.0/16', scope),
      pool('10.2.0.0/16', scope),
      pool('10.3.0.0/16', otherScope),
      pool('10.4.0.0/16', null),
    ]);
    const network = await plugin.createNetwork(alice, { name: 'scoped' });
    const subnet = (subnetpool: string | undefined, more: Record<string, unknown> = {}) =>
      plugin.createSubnet(alice, { network_id: network.id, ip_version: 4, ...(subnetpool ? { subnetpool_id: subnetpool } : {}), ...more });
    await subnet(first.id);
    expect((await subnet(second.id)).subnetpool_id).toBe(second.id);
    await expect(subnet(elsewhere.id)).rejects.toBeInstanceOf(NetworkAddressScopeAffinityError);
    await expect(subnet(unscoped.id)).rejects.toBeInstanceOf(NetworkAddressScopeAffinityError);
    // As neutron: a subnet from no pool is not checked against the scope.
    expect((await subnet(undefined, { cidr: '192.168.9.0/24' })).subnetpool_id).toBeNull();
    // Another family is another scope.
    const v6 = await plugin.createSubnetpool(alice, { name: 'v6', prefixes: ['2001:db8::/48'], address_scope_id: otherScope });
    expect((await plugin.createSubnet(alice, { network_id: network.id, ip_version: 6, subnetpool_id: v6.id })).subnetpool_id).toBe(v6.id);
  });

  it('uses the default pool on request, allows one default per family, and only grows prefixes', async () => {
    const plugin = await basePlugin(dialect);
    const pool = await plugin.createSubnetpool(admin, { name: 'default', prefixes: ['172.16.0.0/16'], default_prefixlen: 26, is_default: true, shared: true });
    await expect(plugin.createSubnetpool(admin, { name: 'second', prefixes: ['172.17.0.0/16'], is_default: true })).rejects.toThrow(
      'A default subnetpool for this IP family has already been set',
    );
    const network = await plugin.createNetwork(alice, { name: 'n' });
    const subnet = await plugin.createSubnet(alice, { network_id: network.id, ip_version: 4, use_default_subnetpool: true });
    expect(subnet).toMatchObject({ cidr: '172.16.0.0/26', subnetpool_id: pool.id });
    await expect(plugin.updateSubnetpool(admin, pool.id, { prefixes: ['172.16.0.0/17'] })).rejects.toBeInstanceOf(IllegalSubnetPoolPrefixUpdate);
    const grown = await plugin.updateSubnetpool(admin, pool.id, { prefixes: ['172.16.0.0/16', '172.18.0.0/16'], name: 'renamed' });
    expect(grown).toMatchObject({ prefixes: ['172.16.0.0/16', '172.18.0.0/16'], name: 'renamed', revision_number: 1 });
    // default_quota counts each project's prefix space from the pool, in /32 units for IPv4.
    const quoted = await plugin.createSubnetpool(admin, { name: 'quoted', prefixes: ['192.168.0.0/16'], default_quota: 300, shared: true });
    const n2 = await plugin.createNetwork(alice, { name: 'n2' });
    await plugin.createSubnet(alice, { network_id: n2.id, ip_version: 4, subnetpool_id: quoted.id, prefixlen: 24 });
    await expect(plugin.createSubnet(alice, { network_id: n2.id, ip_version: 4, subnetpool_id: quoted.id, prefixlen: 26 })).rejects.toBeInstanceOf(
      SubnetPoolQuotaExceeded,
    );
    expect((await plugin.createSubnet(alice, { network_id: n2.id, ip_version: 4, subnetpool_id: quoted.id, prefixlen: 27 })).cidr).toBe('192.168.1.0/27');
    await plugin.deleteSubnet(alice, subnet.id);
    await plugin.deleteSubnetpool(admin, pool.id);
    expect(await plugin.getSubnetpoolsCount(admin, { id: [pool.id] })).toBe(0);
  });
});
