import { ipRange, parseIpAddress, rangeSize } from '@net-server/lib';
import type { TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, getExact, startWith } from './helpers.js';

type Json = Record<string, unknown>;
type Pool = { start: string; end: string };

/** An independent oracle: the size of the pools the API reports for a subnet. */
function poolsSize(pools: readonly Pool[]): bigint {
  return pools.reduce((sum, pool) => sum + rangeSize(ipRange(parseIpAddress(pool.start)!, parseIpAddress(pool.end)!)!), 0n);
}

describe.each(dialects)('GET /v2.0/network-ip-availabilities on %s', (dialect) => {
  let server: TestServer;
  const ids: Record<string, string> = {};
  const pools: Record<string, Pool[]> = {};

  async function created(collection: string, member: string, body: Json, projectId = 'p1'): Promise<Json> {
    const reply = await server.client.post(`/${collection}`, { [member]: { tenant_id: projectId, ...body } });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    return reply.body[member] as Json;
  }

  async function subnet(name: string, network: string, body: Json, projectId = 'p1'): Promise<void> {
    const made = await created('subnets', 'subnet', { name, network_id: ids[network], ...body }, projectId);
    ids[name] = String(made['id']);
    pools[name] = made['allocation_pools'] as Pool[];
  }

  async function port(network: string, subnets: readonly string[]): Promise<string> {
    const made = await created('ports', 'port', { network_id: ids[network], fixed_ips: subnets.map((name) => ({ subnet_id: ids[name] })) });
    return String(made['id']);
  }

  beforeAll(async () => {
    server = await startWith(dialect);
    ids['net-a'] = String((await created('networks', 'network', { name: 'net-a' }))['id']);
    ids['net-b'] = String((await created('networks', 'network', { name: 'net-b' }, 'p2'))['id']);
    ids['net-c'] = String((await created('networks', 'network', { name: 'net-c' }, 'p2'))['id']);
    await subnet('a-v4', 'net-a', { ip_version: 4, cidr: '10.0.0.0/24' });
    await subnet('a-v4-pools', 'net-a', {
      ip_version: 4,
      cidr: '10.0.1.0/28',
      allocation_pools: [
        { start: '10.0.1.2', end: '10.0.1.6' },
        { start: '10.0.1.10', end: '10.0.1.12' },
      ],
    });
    await subnet('a-v6', 'net-a', { ip_version: 6, cidr: '2001:db8::/64' });
    await subnet('b-v4', 'net-b', { ip_version: 4, cidr: '192.168.0.0/24' }, 'p2');
    await subnet('b-v6', 'net-b', { ip_version: 6, cidr: '2001:db8:1::/48' }, 'p2');
    await port('net-a', ['a-v4', 'a-v6']);
    await port('net-a', ['a-v4']);
    ids['port-3'] = await port('net-a', ['a-v4-pools']);
  }, 240_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('is announced by /v2.0/extensions', async () => {
    const aliases = ((await server.client.get('/extensions')).body['extensions'] as { alias: string }[]).map((e) => e.alias);
    expect(aliases).toContain('network-ip-availability');
  });

  it('counts each subnet from its pools and IP allocations, and sums them per network (IPv6 exactly)', async () => {
    const { status, body } = await getExact(server, `/network-ip-availabilities/${ids['net-a']}`);
    expect(status).toBe(200);
    const shown = body['network_ip_availability'] as Json;
    // The expected totals come from the pools the API reported, and from the plain numbers.
    expect(poolsSize(pools['a-v4']!)).toBe(253n);
    expect(poolsSize(pools['a-v4-pools']!)).toBe(8n);
    const v6 = poolsSize(pools['a-v6']!);
    // The core plugin's default pool spans the /64 but the gateway (one or two addresses short of 2^64), past 2^53 either way.
    expect(v6 >= 2n ** 64n - 2n && v6 < 2n ** 64n).toBe(true);
    expect(shown).toMatchObject({ network_id: ids['net-a'], network_name: 'net-a', tenant_id: 'p1', project_id: 'p1', used_ips: 4 });
    expect(shown['total_ips']).toBe(253n + 8n + v6);
    const subnets = shown['subnet_ip_availability'] as Json[];
    const byName = Object.fromEntries(subnets.map((entry) => [entry['subnet_name'], entry]));
    expect(Object.keys(byName).sort()).toEqual(['a-v4', 'a-v4-pools', 'a-v6']);
    expect(byName['a-v4']).toEqual({ subnet_id: ids['a-v4'], subnet_name: 'a-v4', ip_version: 4, cidr: '10.0.0.0/24', used_ips: 2, total_ips: 253 });
    expect(byName['a-v4-pools']).toMatchObject({ cidr: '10.0.1.0/28', used_ips: 1, total_ips: 8 });
    expect(byName['a-v6']).toMatchObject({ ip_version: 6, cidr: '2001:db8::/64', used_ips: 1, total_ips: v6 });
  });

  it('writes the IPv6 total as a JSON integer, digit for digit', async () => {
    const response = await fetch(`${server.url}/v2.0/network-ip-availabilities/${ids['net-a']}`, { headers: { 'x-project-id': 'admin', 'x-roles': 'admin' } });
    const text = await response.text();
    const v6 = poolsSize(pools['a-v6']!);
    expect(text).toContain(`"total_ips":${v6.toString()}}`);
    expect(text).toContain(`"total_ips":${(253n + 8n + v6).toString()}}`);
  });

  it('lists every network, with none and with several subnets', async () => {
    const { body } = await getExact(server, '/network-ip-availabilities');
    const listed = body['network_ip_availabilities'] as Json[];
    const byName = Object.fromEntries(listed.map((entry) => [entry['network_name'], entry]));
    expect(Object.keys(byName).sort()).toEqual(['net-a', 'net-b', 'net-c']);
    // A /48 holds 2^80 addresses: past 2^64 too.
    const v6 = poolsSize(pools['b-v6']!);
    expect(v6 > 2n ** 80n - 3n).toBe(true);
    expect(byName['net-b']).toMatchObject({ tenant_id: 'p2', used_ips: 0, total_ips: 253n + v6 });
    expect(byName['net-c']).toEqual({
      network_id: ids['net-c'],
      network_name: 'net-c',
      tenant_id: 'p2',
      project_id: 'p2',
      subnet_ip_availability: [],
      used_ips: 0,
      total_ips: 0,
    });
  });

  it('filters by network_id, network_name, tenant_id, project_id and ip_version', async () => {
    const names = async (query: string): Promise<string[]> =>
      ((await getExact(server, `/network-ip-availabilities?${query}`)).body['network_ip_availabilities'] as Json[])
        .map((e) => String(e['network_name']))
        .sort();
    expect(await names(`network_id=${ids['net-b']}`)).toEqual(['net-b']);
    expect(await names(`network_id=${ids['net-b']}&network_id=${ids['net-c']}`)).toEqual(['net-b', 'net-c']);
    expect(await names('network_name=net-a')).toEqual(['net-a']);
    expect(await names('tenant_id=p2')).toEqual(['net-b', 'net-c']);
    expect(await names('project_id=p1')).toEqual(['net-a']);
    expect(await names('ip_version=4')).toEqual(['net-a', 'net-b']);
    expect(await names('tenant_id=p2&ip_version=4')).toEqual(['net-b']);
    expect(await names('ip_version=6')).toEqual(['net-a', 'net-b']);
    expect(await names('ip_version=x')).toEqual([]);
    const v6 = (await getExact(server, `/network-ip-availabilities?ip_version=6&network_id=${ids['net-a']}`)).body['network_ip_availabilities'] as Json[];
    expect(v6).toHaveLength(1);
    // As in neutron, the filter narrows the subnets counted, not only the networks.
    expect(v6[0]).toMatchObject({ network_name: 'net-a', used_ips: 1, total_ips: poolsSize(pools['a-v6']!) });
    expect((v6[0]!['subnet_ip_availability'] as Json[]).map((s) => s['subnet_name'])).toEqual(['a-v6']);
  });

  it('returns only the requested fields', async () => {
    const { body } = await getExact(server, `/network-ip-availabilities?fields=network_id&fields=used_ips&network_id=${ids['net-a']}`);
    expect(body['network_ip_availabilities']).toEqual([{ network_id: ids['net-a'], used_ips: 4 }]);
    const shown = await server.client.get(`/network-ip-availabilities/${ids['net-c']}?fields=total_ips&fields=network_name`);
    expect(shown.body).toEqual({ network_ip_availability: { network_name: 'net-c', total_ips: 0 } });
  });

  it('pages by network_id with limit and marker, with links, and sorts', async () => {
    const all = ((await getExact(server, '/network-ip-availabilities?sort_key=network_id&sort_dir=asc')).body['network_ip_availabilities'] as Json[]).map(
      (e) => e['network_id'],
    );
    expect(all).toEqual([ids['net-a'], ids['net-b'], ids['net-c']].sort());
    const first = (await getExact(server, '/network-ip-availabilities?limit=2&fields=network_id')).body;
    expect((first['network_ip_availabilities'] as Json[]).map((e) => e['network_id'])).toEqual(all.slice(0, 2));
    const next = (first['network_ip_availabilities_links'] as { rel: string; href: string }[]).find((link) => link.rel === 'next');
    expect(new URL(next!.href).searchParams.get('marker')).toBe(all[1]);
    const second = (await getExact(server, `/network-ip-availabilities?limit=2&marker=${String(all[1])}`)).body['network_ip_availabilities'] as Json[];
    expect(second.map((e) => e['network_id'])).toEqual(all.slice(2));
    const reversed = ((await getExact(server, '/network-ip-availabilities?sort_key=network_id&sort_dir=desc')).body['network_ip_availabilities'] as Json[]).map(
      (e) => e['network_id'],
    );
    expect(reversed).toEqual([...all].reverse());
  });

  it('counts the allocations as they are now', async () => {
    expect((await server.client.delete(`/ports/${ids['port-3']}`)).status).toBe(204);
    const { body } = await getExact(server, `/network-ip-availabilities/${ids['net-a']}`);
    const shown = body['network_ip_availability'] as Json;
    expect(shown['used_ips']).toBe(3);
    const pooled = (shown['subnet_ip_availability'] as Json[]).find((entry) => entry['subnet_name'] === 'a-v4-pools');
    expect(pooled).toMatchObject({ used_ips: 0, total_ips: 8 });
  });

  it('answers NetworkNotFound for an unknown network', async () => {
    const reply = await server.client.get('/network-ip-availabilities/6b0ed1d4-0d3a-4b8e-9f38-d4c2b07f1c55');
    expect(reply.status).toBe(404);
    expect(reply.body['NeutronError']).toMatchObject({ type: 'NetworkNotFound' });
  });

  it('is for admins only by the default policy: a project sees no entries, not even its own network', async () => {
    const owner = server.client.as({ projectId: 'p1', roles: ['member'] });
    expect((await owner.get('/networks')).body['networks']).toHaveLength(1);
    const listed = await owner.get('/network-ip-availabilities');
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({ network_ip_availabilities: [] });
    expect((await owner.get(`/network-ip-availabilities/${ids['net-a']}`)).status).toBe(404);
  });
});
