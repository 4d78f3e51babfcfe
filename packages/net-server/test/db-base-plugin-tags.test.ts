import { tagsCapableOf } from '@net-server/lib';
import { describe, expect, it } from 'vitest';
import { resourceTags } from '../src/db-base-plugin/tags.js';
import { admin, alice, basePlugin, dialects } from './base-plugin-fixture.js';

describe.each(dialects)('DbBasePlugin tags on %s', (dialect) => {
  it('keeps the tags of its four collections in the shared table, shows them sorted and forgets them on delete', async () => {
    const plugin = await basePlugin(dialect);
    expect(tagsCapableOf(plugin)?.taggableCollections).toEqual(['networks', 'subnets', 'subnetpools', 'ports']);
    const network = await plugin.createNetwork(alice, { name: 'n' });
    const port = await plugin.createPort(alice, { network_id: network.id, tags: ['web', 'blue'] });
    expect(port.tags).toEqual(['blue', 'web']);
    const db = plugin.transactions;
    await db.write(alice, async (session) => {
      expect(await resourceTags.add(session.db, network.id, ['red', 'blue', 'red'])).toBe(2);
      // Adding what is there already is no conflict and adds nothing.
      expect(await resourceTags.add(session.db, network.id, ['red', 'green'])).toBe(1);
      expect(await resourceTags.remove(session.db, network.id, ['green', 'absent'])).toBe(1);
    });
    expect((await plugin.getNetwork(alice, network.id)).tags).toEqual(['blue', 'red']);
    await plugin.deletePort(alice, port.id);
    await plugin.deleteNetwork(alice, network.id);
    const left = await db.read(admin, (session) => resourceTags.load(session.db, [network.id, port.id]));
    expect(left.size).toBe(0);
  });

  it("filters lists with neutron's tag filters", async () => {
    const plugin = await basePlugin(dialect);
    const network = await plugin.createNetwork(alice, { name: 'n' });
    const ports = new Map<string, string>();
    for (const [name, tags] of [
      ['red', ['red']],
      ['red-blue', ['red', 'blue']],
      ['none', []],
    ] as const) {
      ports.set((await plugin.createPort(alice, { network_id: network.id, name, tags: [...tags] })).id, name);
    }
    const names = async (filters: Record<string, string[]>): Promise<string[]> =>
      (await plugin.getPorts(alice, { filters: { network_id: [network.id], ...filters } })).map((port) => ports.get(port.id)!).sort();
    expect(await names({ tags: ['red', 'blue'] })).toEqual(['red-blue']);
    expect(await names({ tags: ['red,blue'] })).toEqual(['red-blue']);
    expect(await names({ 'tags-any': ['blue', 'red'] })).toEqual(['red', 'red-blue']);
    expect(await names({ 'not-tags': ['red', 'blue'] })).toEqual(['none', 'red']);
    expect(await names({ 'not-tags-any': ['blue'] })).toEqual(['none', 'red']);
    expect(await names({ tags: ['red'], 'not-tags-any': ['blue'] })).toEqual(['red']);
    // Pages count the matches only.
    const page = await plugin.getPorts(alice, { filters: { 'tags-any': ['red'] }, sorts: [{ key: 'name', direction: 'asc' }], limit: 1 });
    expect(page.map((port) => port.name)).toEqual(['red']);
  });

  it('bumps the revision of a resource whose tags changed, and says when it is gone', async () => {
    const plugin = await basePlugin(dialect);
    const network = await plugin.createNetwork(alice, { name: 'n' });
    const subnet = await plugin.createSubnet(alice, { network_id: network.id, ip_version: 4, cidr: '10.0.0.0/24' });
    const pool = await plugin.createSubnetpool(alice, { name: 'p', prefixes: ['10.10.0.0/16'], default_prefixlen: 24 });
    const before = (await plugin.getNetwork(alice, network.id)).revision_number!;
    expect(await plugin.tagsChanged(alice, 'networks', network.id)).toBe(true);
    expect((await plugin.getNetwork(alice, network.id)).revision_number).toBe(before + 1);
    expect(await plugin.tagsChanged(alice, 'subnets', subnet.id)).toBe(true);
    expect((await plugin.getSubnet(alice, subnet.id)).revision_number).toBe(subnet.revision_number! + 1);
    expect(await plugin.tagsChanged(alice, 'subnetpools', pool.id)).toBe(true);
    expect((await plugin.getSubnetpool(alice, pool.id)).revision_number).toBe(pool.revision_number! + 1);
    expect(await plugin.tagsChanged(alice, 'networks', '3d4c1f7e-9a2b-4c5d-8e6f-7a8b9c0d1e2f')).toBe(false);
    expect(await plugin.tagsChanged(alice, 'routers', network.id)).toBe(false);
  });
});
