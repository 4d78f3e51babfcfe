import type { ApiClient, TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MEMBER,
  OTHER,
  RANGES,
  VLAN_DEFAULT,
  VXLAN_DEFAULT,
  aliases,
  createRange,
  created,
  dialects,
  failure,
  ids,
  ok,
  startRangeServer,
  type Dict,
} from './helpers.js';

const VLAN = { network_type: 'vlan', physical_network: 'physnet1' };

/*
 * The network segment range API as neutron Zed serves it (an admin's, as
 * its policies), the default ranges from ML2's configuration, neutron's
 * errors, and ML2 allocating tenant networks from a project's own range
 * before the shared ones.
 */
describe.each(dialects)('network segment ranges through the REST API on %s', (dialect) => {
  let server: TestServer;
  let admin: ApiClient;
  let member: ApiClient;
  let other: ApiClient;

  beforeAll(async () => {
    server = await startRangeServer(dialect);
    admin = server.client;
    member = admin.as(MEMBER);
    other = admin.as(OTHER);
  }, 240_000);

  afterAll(async () => {
    await server?.stop();
  });

  async function segmentationId(network: Dict): Promise<number> {
    return Number(ok(await admin.get(`/networks/${String(network['id'])}`), 'network')['provider:segmentation_id']);
  }

  async function network(client: ApiClient): Promise<Dict> {
    return created(await client.post('/networks', { network: { name: 'range-net' } }), 'network');
  }

  it('announces network-segment-range, with its attributes in the OpenAPI description', async () => {
    expect(await aliases(server)).toContain('network-segment-range');
    const openapi = (await admin.get('/openapi.json')).body as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/v2.0/network-segment-ranges', '/v2.0/network-segment-ranges/{id}']));
  });

  it('shows the configured ranges as shared default ranges', async () => {
    const listed = (await admin.get(RANGES)).body['network_segment_ranges'] as Dict[];
    const vlan = listed.find((range) => range['network_type'] === 'vlan');
    expect(vlan).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: '',
      default: true,
      shared: true,
      project_id: null,
      network_type: 'vlan',
      physical_network: VLAN_DEFAULT.physnet,
      minimum: VLAN_DEFAULT.min,
      maximum: VLAN_DEFAULT.max,
      used: {},
      available: ids(VLAN_DEFAULT.min, VLAN_DEFAULT.max),
      description: '',
      created_at: expect.any(String),
      updated_at: expect.any(String),
      revision_number: 0,
    });
    const vxlan = listed.find((range) => range['network_type'] === 'vxlan');
    expect(vxlan).toMatchObject({ default: true, shared: true, physical_network: null, minimum: VXLAN_DEFAULT.min, maximum: VXLAN_DEFAULT.max });
    expect(listed).toHaveLength(2);
    const id = String(vlan!['id']);
    expect(ok(await admin.get(`${RANGES}/${id}`), 'network_segment_range')).toEqual(vlan);
    expect(((await admin.get(`${RANGES}?network_type=vxlan`)).body['network_segment_ranges'] as Dict[]).map((range) => range['id'])).toEqual([vxlan!['id']]);

    failure(await admin.put(`${RANGES}/${id}`, { network_segment_range: { name: 'mine' } }), 400, 'NetworkSegmentRangeDefaultReadOnly');
    const message = failure(await admin.delete(`${RANGES}/${id}`), 400, 'NetworkSegmentRangeDefaultReadOnly');
    expect(message).toBe(`Network Segment Range ${id} is a default segment range which could not be updated or deleted.`);
  });

  it('creates, shows, updates and deletes ranges, as an admin only', async () => {
    const made = created(await createRange(admin, { ...VLAN, minimum: 300, maximum: 310, description: 'spare' }), 'network_segment_range');
    expect(made).toMatchObject({
      name: 'test-range',
      default: false,
      shared: true,
      project_id: null,
      ...VLAN,
      minimum: 300,
      maximum: 310,
      description: 'spare',
      available: ids(300, 310),
      used: {},
    });
    const id = String(made['id']);
    const renamed = ok(await admin.put(`${RANGES}/${id}`, { network_segment_range: { name: 'renamed', minimum: 305 } }), 'network_segment_range');
    expect(renamed).toMatchObject({ name: 'renamed', minimum: 305, maximum: 310, available: ids(305, 310), revision_number: 1 });

    expect((await createRange(member, { ...VLAN, minimum: 400, maximum: 401 })).status).toBe(403);
    expect((await member.get(`${RANGES}/${id}`)).status).toBe(404);
    expect((await member.get(RANGES)).body['network_segment_ranges']).toEqual([]);
    expect((await member.put(`${RANGES}/${id}`, { network_segment_range: { name: 'x' } })).status).toBe(404);
    expect((await member.delete(`${RANGES}/${id}`)).status).toBe(404);

    const tunnel = created(
      await createRange(admin, {
        network_type: 'vxlan',
        physical_network: 'ignored',
        minimum: 5000,
        maximum: 5001,
        shared: false,
        project_id: MEMBER.projectId,
      }),
      'network_segment_range',
    );
    expect(tunnel).toMatchObject({ shared: false, project_id: MEMBER.projectId, physical_network: null, available: [5000, 5001] });

    for (const gone of [id, String(tunnel['id'])]) {
      expect((await admin.delete(`${RANGES}/${gone}`)).status).toBe(204);
      failure(await admin.get(`${RANGES}/${gone}`), 404, 'NetworkSegmentRangeNotFound');
    }
  });

  it("refuses what neutron's plugin refuses, with its errors", async () => {
    expect(failure(await createRange(admin, { network_type: 'vlan', minimum: 1, maximum: 2 }), 400, 'BadRequest')).toBe(
      "Bad network_segment_range request: Network type vlan requires 'physical_network' to be specified while creating new range.",
    );
    expect(failure(await createRange(admin, { ...VLAN, minimum: 4000, maximum: 5000 }), 400, 'NetworkVlanRangeError')).toBe(
      "Invalid network VLAN range: '4000:5000' - '5000 is not a valid VLAN tag'.",
    );
    failure(await createRange(admin, { ...VLAN, minimum: 20, maximum: 10 }), 400, 'NetworkVlanRangeError');
    expect(failure(await createRange(admin, { network_type: 'vxlan', minimum: 1, maximum: 2 ** 24 }), 400, 'NetworkTunnelRangeError')).toBe(
      "Invalid network tunnel range: '1:16777216' - 16777216 is not a valid vxlan identifier.",
    );
    expect(failure(await createRange(admin, { network_type: 'gre', minimum: 1, maximum: 2 }), 400, 'NetworkSegmentRangeNetTypeNotSupported')).toBe(
      'Network type gre does not support network segment ranges.',
    );
    expect((await createRange(admin, { network_type: 'flat', minimum: 1, maximum: 2 })).status).toBe(400);
    expect((await createRange(admin, { ...VLAN, minimum: 1 })).status).toBe(400);

    const first = created(await createRange(admin, { ...VLAN, minimum: 500, maximum: 510 }), 'network_segment_range');
    expect(failure(await createRange(admin, { ...VLAN, minimum: 505, maximum: 520 }), 409, 'NetworkSegmentRangeOverlaps')).toBe(
      `Network segment range overlaps with range(s) with id ${String(first['id'])}`,
    );
    // Another physical network, or inside a default range, is no overlap.
    const elsewhere = created(
      await createRange(admin, { network_type: 'vlan', physical_network: 'physnet2', minimum: 505, maximum: 520 }),
      'network_segment_range',
    );
    const inDefault = created(await createRange(admin, { ...VLAN, minimum: VLAN_DEFAULT.min, maximum: VLAN_DEFAULT.min }), 'network_segment_range');
    for (const range of [first, elsewhere, inDefault]) expect((await admin.delete(`${RANGES}/${String(range['id'])}`)).status).toBe(204);
  });

  it("gives a project's networks ids from its own range first, and keeps other projects' ids from the others", async () => {
    const own = created(
      await createRange(admin, { ...VLAN, minimum: 200, maximum: 200, shared: false, project_id: MEMBER.projectId }),
      'network_segment_range',
    );
    // Another project's range over all of the default range but its last id.
    const theirs = created(
      await createRange(admin, { ...VLAN, minimum: VLAN_DEFAULT.min, maximum: VLAN_DEFAULT.max - 1, shared: false, project_id: OTHER.projectId }),
      'network_segment_range',
    );
    const ownId = String(own['id']);

    const first = await network(member);
    expect(await segmentationId(first)).toBe(200);
    const second = await network(member);
    expect(await segmentationId(second)).toBe(VLAN_DEFAULT.max);
    const third = await network(other);
    expect(await segmentationId(third)).toBeGreaterThanOrEqual(VLAN_DEFAULT.min);
    expect(await segmentationId(third)).toBeLessThan(VLAN_DEFAULT.max);

    const shown = ok(await admin.get(`${RANGES}/${ownId}`), 'network_segment_range');
    expect(shown).toMatchObject({ used: { '200': MEMBER.projectId }, available: [] });
    failure(await admin.delete(`${RANGES}/${ownId}`), 409, 'NetworkSegmentRangeReferencedByProject');
    failure(await admin.put(`${RANGES}/${ownId}`, { network_segment_range: { maximum: 201 } }), 409, 'NetworkSegmentRangeReferencedByProject');

    for (const made of [first, second, third]) expect((await admin.delete(`/networks/${String(made['id'])}`)).status).toBe(204);
    expect(ok(await admin.get(`${RANGES}/${ownId}`), 'network_segment_range')).toMatchObject({ used: {}, available: [200] });
    for (const range of [own, theirs]) expect((await admin.delete(`${RANGES}/${String(range['id'])}`)).status).toBe(204);
  });

  it('falls back to the next tenant network type when the ranges of the first are used up', async () => {
    const theirs = created(
      await createRange(admin, { ...VLAN, minimum: VLAN_DEFAULT.min, maximum: VLAN_DEFAULT.max, shared: false, project_id: OTHER.projectId }),
      'network_segment_range',
    );
    const made = await network(member);
    const shown = ok(await admin.get(`/networks/${String(made['id'])}`), 'network');
    expect(shown['provider:network_type']).toBe('vxlan');
    expect(ids(VXLAN_DEFAULT.min, VXLAN_DEFAULT.max)).toContain(shown['provider:segmentation_id']);
    expect((await admin.delete(`/networks/${String(made['id'])}`)).status).toBe(204);
    expect((await admin.delete(`${RANGES}/${String(theirs['id'])}`)).status).toBe(204);
  });
});
