import { describe, expect, it } from 'vitest';
import { request, type Json } from './api-harness.js';
import { dbBasePluginApiForSuite, dialects } from './db-harness.js';

/*
 * subnet_onboard over real HTTP with the DB base plugin on each database:
 * PUT /v2.0/subnetpools/{id}/onboard_network_subnets, as neutron's
 * onboard_network_subnets answers it.
 */

const ALICE = 'project-alice';
const BOB = 'project-bob';

describe.each(dialects)('onboarding network subnets into a subnet pool on %s', (dialect) => {
  const api = dbBasePluginApiForSuite(dialect);
  const call = (method: string, path: string, body?: unknown, project = ALICE, roles?: string) =>
    request(api.url(), method, path, { project, ...(roles ? { roles } : {}), ...(body === undefined ? {} : { body }) });
  const made = async (path: string, key: string, body: unknown, project = ALICE, roles?: string): Promise<Json> => {
    const reply = await call('POST', path, { [key]: body }, project, roles);
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    return reply.body[key];
  };
  const onboard = (poolId: string, body: unknown, project = ALICE, roles?: string) =>
    call('PUT', `/v2.0/subnetpools/${poolId}/onboard_network_subnets`, body, project, roles);

  it('is advertised', async () => {
    const aliases = ((await call('GET', '/v2.0/extensions')).body.extensions as Json[]).map((e) => e.alias);
    expect(aliases).toContain('subnet_onboard');
  });

  it("moves the network's subnets of the pool's IP version into the pool, their CIDRs becoming its prefixes", async () => {
    const pool = await made('/v2.0/subnetpools', 'subnetpool', { name: 'onboard', prefixes: ['10.50.0.0/16'], min_prefixlen: 24 });
    const network = await made('/v2.0/networks', 'network', { name: 'onboard' });
    const v4 = await made('/v2.0/subnets', 'subnet', { network_id: network.id, ip_version: 4, cidr: '192.168.7.0/24' });
    const v6 = await made('/v2.0/subnets', 'subnet', { network_id: network.id, ip_version: 6, cidr: '2001:db8:7::/64' });
    const reply = await onboard(pool.id, { network_id: network.id });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body).toEqual([{ id: v4.id, cidr: '192.168.7.0/24' }]);
    expect((await call('GET', `/v2.0/subnetpools/${pool.id}`)).body.subnetpool.prefixes).toEqual(['10.50.0.0/16', '192.168.7.0/24']);
    expect((await call('GET', `/v2.0/subnets/${v4.id}`)).body.subnet).toMatchObject({ subnetpool_id: pool.id, revision_number: 1 });
    expect((await call('GET', `/v2.0/subnets/${v6.id}`)).body.subnet.subnetpool_id).toBeNull();

    // Onboarding again collides with what the pool now holds.
    const again = await onboard(pool.id, { network_id: network.id });
    expect(again.status).toBe(400);
    expect(again.body.NeutronError).toEqual({
      type: 'IllegalSubnetPoolUpdate',
      message: `Illegal subnetpool update : Onboarding subnet ${v4.id}: 192.168.7.0/24 conflicts with allocated prefixes in subnet pool ${pool.id}.`,
      detail: '',
    });
  });

  it('refuses a missing network_id, unknown networks and pools, and networks of other projects', async () => {
    const pool = await made('/v2.0/subnetpools', 'subnetpool', { name: 'onboard-errors', prefixes: ['10.60.0.0/16'] });
    const missing = await onboard(pool.id, {});
    expect(missing.status).toBe(400);
    expect(missing.body.NeutronError).toMatchObject({ type: 'InvalidInput', message: 'Invalid input for operation: network_id must be specified..' });
    const unknown = await onboard(pool.id, { network_id: '4e8e5957-649f-477b-9e5b-f1f75b21c03c' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.NeutronError.type).toBe('NetworkNotFound');

    const shared = await made('/v2.0/networks', 'network', { name: 'shared', shared: true }, BOB, 'admin,member');
    await made('/v2.0/subnets', 'subnet', { network_id: shared.id, ip_version: 4, cidr: '192.168.9.0/24' }, BOB);
    const foreign = await onboard(pool.id, { network_id: shared.id });
    expect(foreign.status).toBe(403);
    expect(foreign.body.NeutronError.type).toBe('NotAuthorized');
    expect((await call('GET', `/v2.0/subnetpools/${pool.id}`)).body.subnetpool.prefixes).toEqual(['10.60.0.0/16']);

    const own = await made('/v2.0/networks', 'network', { name: 'own' });
    expect((await onboard('0c4aa3a0-5b2c-4bd8-a0a8-66f6a5a6e0b1', { network_id: own.id })).status).toBe(404);
  });
});
