import { describe, expect, it } from 'vitest';
import { request, type Json } from './api-harness.js';
import { dbBasePluginApiForSuite, dialects } from './db-harness.js';

/*
 * subnetpool-prefix-ops over real HTTP with the DB base plugin on each
 * database: PUT add_prefixes and remove_prefixes on a subnet pool, as
 * neutron_tempest_plugin's test_subnetpool_prefix_ops calls them, with
 * neutron's answers.
 */

const ALICE = 'project-alice';
const BOB = 'project-bob';

describe.each(dialects)('subnet pool prefix operations on %s', (dialect) => {
  const api = dbBasePluginApiForSuite(dialect);
  const call = (method: string, path: string, body?: unknown, project = ALICE) =>
    request(api.url(), method, path, { project, ...(body === undefined ? {} : { body }) });

  async function pool(prefixes: string[]): Promise<Json> {
    const reply = await call('POST', '/v2.0/subnetpools', { subnetpool: { name: 'prefix-ops', prefixes, min_prefixlen: 24 } });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    return reply.body.subnetpool;
  }
  const add = (id: string, prefixes: unknown, project = ALICE) => call('PUT', `/v2.0/subnetpools/${id}/add_prefixes`, { prefixes }, project);
  const remove = (id: string, prefixes: unknown, project = ALICE) => call('PUT', `/v2.0/subnetpools/${id}/remove_prefixes`, { prefixes }, project);

  it('is advertised', async () => {
    const aliases = ((await call('GET', '/v2.0/extensions')).body.extensions as Json[]).map((e) => e.alias);
    expect(aliases).toContain('subnetpool-prefix-ops');
  });

  it('adds prefixes, merging adjacent ones, and removes unused ones', async () => {
    const made = await pool(['10.10.0.0/24']);
    const added = await add(made.id, ['10.10.1.0/24', '10.20.0.0/16']);
    expect(added.status).toBe(200);
    expect(added.body).toEqual({ prefixes: ['10.10.0.0/23', '10.20.0.0/16'] });
    expect((await call('GET', `/v2.0/subnetpools/${made.id}`)).body.subnetpool).toMatchObject({
      prefixes: ['10.10.0.0/23', '10.20.0.0/16'],
      revision_number: 1,
    });

    const removed = await remove(made.id, ['10.10.1.0/24']);
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({ prefixes: ['10.10.0.0/24', '10.20.0.0/16'] });
    // Prefixes the pool does not have change nothing.
    expect((await remove(made.id, ['192.168.0.0/24'])).body).toEqual({ prefixes: ['10.10.0.0/24', '10.20.0.0/16'] });
  });

  it('keeps prefixes subnets use, and refuses malformed bodies and other projects', async () => {
    const made = await pool(['10.30.0.0/16']);
    const network = await call('POST', '/v2.0/networks', { network: { name: 'prefix-ops' } });
    const subnet = await call('POST', '/v2.0/subnets', {
      subnet: { network_id: network.body.network.id, ip_version: 4, subnetpool_id: made.id, cidr: '10.30.5.0/24' },
    });
    expect(subnet.status, JSON.stringify(subnet.body)).toBe(201);
    const inUse = await remove(made.id, ['10.30.0.0/20']);
    expect(inUse.status).toBe(400);
    expect(inUse.body.NeutronError).toMatchObject({
      type: 'IllegalSubnetPoolPrefixUpdate',
      message: 'Illegal update to prefixes: One or more the prefixes to be removed is in use by a subnet..',
    });
    expect((await remove(made.id, ['10.30.128.0/17'])).body).toEqual({ prefixes: ['10.30.0.0/17'] });

    for (const bad of [[], 'x', null]) {
      const reply = await add(made.id, bad);
      expect(reply.status).toBe(400);
      expect(reply.body.NeutronError).toMatchObject({ type: 'HTTPBadRequest', message: 'Request body contains invalid data' });
    }
    expect((await add(made.id, ['2001:db8::/64'])).body.NeutronError.type).toBe('PrefixVersionMismatch');
    expect((await add(made.id, ['10.40.0.0/16'], BOB)).status).toBe(404);
    expect((await remove(made.id, ['10.30.0.0/24'], BOB)).status).toBe(404);
  });
});
