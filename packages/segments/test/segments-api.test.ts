import { getAdminContext, tagsCapableOf } from '@net-server/lib';
import { resourceTags, type DbBasePlugin } from 'net-server';
import { ml2View, type Ml2Plugin } from '@net-server/ml2';
import type { ApiResponse, TestServer } from '@net-server/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SegmentsPlugin } from '@net-server/segments';
import { dialects, startSegmentsServer, VLAN_RANGE } from './helpers.js';

type Dict = Record<string, unknown>;

function created(reply: ApiResponse, key: string): Dict {
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body[key] as Dict;
}

function ok(reply: ApiResponse, key: string): Dict {
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body[key] as Dict;
}

function failure(reply: ApiResponse, status: number, type: string): string {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  const error = reply.body['NeutronError'] as Dict;
  expect(error['type']).toBe(type);
  return String(error['message']);
}

describe.each(dialects)('segments through the REST API on %s', (dialect) => {
  let server: TestServer;

  /** A network on a VLAN of physnet2 chosen by the test (so tests do not drain physnet1's ten ids). */
  async function network(name: string, vlan: number): Promise<string> {
    const body = { network: { name, 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet2', 'provider:segmentation_id': vlan } };
    return String(created(await server.client.post('/networks', body), 'network')['id']);
  }
  async function segment(networkId: string, extra: Dict = {}): Promise<Dict> {
    return created(
      await server.client.post('/segments', { segment: { network_id: networkId, network_type: 'vlan', physical_network: 'physnet1', ...extra } }),
      'segment',
    );
  }
  function postSubnet(networkId: string, cidr: string, extra: Dict = {}): Promise<ApiResponse> {
    return server.client.post('/subnets', { subnet: { network_id: networkId, ip_version: 4, cidr, ...extra } });
  }
  async function segmentsOf(networkId: string): Promise<Dict[]> {
    return (await server.client.get(`/segments?network_id=${networkId}`)).body['segments'] as Dict[];
  }

  beforeAll(async () => {
    server = await startSegmentsServer(dialect);
  }, 240_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('announces segment, subnet-segmentid-writable and l2_adjacency', async () => {
    const aliases = ((await server.client.get('/extensions')).body['extensions'] as { alias: string }[]).map((e) => e.alias);
    expect(aliases).toEqual(expect.arrayContaining(['segment', 'subnet-segmentid-writable', 'l2_adjacency']));
  });

  it("lists a network's provider segment, and creates, shows, updates and deletes another", async () => {
    const net = await network('routed', 2001);
    const [provider] = await segmentsOf(net);
    expect(provider).toMatchObject({ network_id: net, network_type: 'vlan', physical_network: 'physnet2', segmentation_id: 2001, name: null, description: '' });

    const second = await segment(net, { segmentation_id: VLAN_RANGE.min + 5, name: 'rack-2', description: 'second rack' });
    expect(second).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      network_id: net,
      name: 'rack-2',
      description: 'second rack',
      network_type: 'vlan',
      physical_network: 'physnet1',
      segmentation_id: VLAN_RANGE.min + 5,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      updated_at: second['created_at'],
      revision_number: 0,
    });
    const id = String(second['id']);
    expect(ok(await server.client.get(`/segments/${id}`), 'segment')).toEqual(second);
    expect((await segmentsOf(net)).map((s) => s['id'])).toEqual([provider!['id'], id]);
    // ML2 shows both segments on the network (multi-provider).
    const shown = ok(await server.client.get(`/networks/${net}`), 'network');
    expect(shown['segments']).toEqual([
      { 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet2', 'provider:segmentation_id': 2001 },
      { 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet1', 'provider:segmentation_id': VLAN_RANGE.min + 5 },
    ]);

    const renamed = ok(await server.client.put(`/segments/${id}`, { segment: { name: 'rack-two', description: 'renamed' } }), 'segment');
    expect(renamed).toMatchObject({ id, name: 'rack-two', description: 'renamed', segmentation_id: VLAN_RANGE.min + 5 });
    expect(ok(await server.client.put(`/segments/${String(provider!['id'])}`, { segment: { name: 'rack-1' } }), 'segment')).toMatchObject({
      name: 'rack-1',
      segmentation_id: 2001,
    });
    expect(failure(await server.client.put(`/segments/${id}`, { segment: { segmentation_id: 7 } }), 400, 'HTTPBadRequest')).toContain('segmentation_id');

    expect((await server.client.delete(`/segments/${id}`)).status).toBe(204);
    expect(failure(await server.client.get(`/segments/${id}`), 404, 'SegmentNotFound')).toBe(`Segment ${id} could not be found.`);
    failure(await server.client.delete(`/segments/${id}`), 404, 'SegmentNotFound');
    // Released: the VLAN can be had again.
    expect((await segment(net, { segmentation_id: VLAN_RANGE.min + 5 }))['segmentation_id']).toBe(VLAN_RANGE.min + 5);
  });

  it('gives segments the standard attributes, provider segments included (standard-attr-segment)', async () => {
    const aliases = ((await server.client.get('/extensions')).body['extensions'] as { alias: string }[]).map((e) => e.alias);
    expect(aliases).toContain('standard-attr-segment');
    const net = await network('standard', 2010);
    const networkCreatedAt = ok(await server.client.get(`/networks/${net}`), 'network')['created_at'];
    // The core plugin made the provider segment with its network: it has that network's timestamps.
    const [provider] = await segmentsOf(net);
    expect(provider).toMatchObject({ description: '', revision_number: 0, created_at: networkCreatedAt, updated_at: networkCreatedAt });
    const providerId = String(provider!['id']);
    // An update with no change is no new revision; a change is.
    expect(ok(await server.client.put(`/segments/${providerId}`, { segment: { description: '' } }), 'segment')['revision_number']).toBe(0);
    const described = ok(await server.client.put(`/segments/${providerId}`, { segment: { description: 'first rack' } }), 'segment');
    expect(described).toMatchObject({ description: 'first rack', revision_number: 1, created_at: networkCreatedAt });
    expect(described['updated_at']).not.toBe(undefined);
    expect(ok(await server.client.get(`/segments/${providerId}`), 'segment')).toEqual(described);
    const ids = async (query: string) => ((await server.client.get(`/segments?network_id=${net}&${query}`)).body['segments'] as Dict[]).map((s) => s['id']);
    expect(await ids('revision_number=1')).toEqual([providerId]);
    expect(await ids('revision_number=0')).toEqual([]);

    // Tags as the tag plugin sets them (TagsCapable; its own tests cover /segments/{id}/tags): in the dicts, filtered on, a new revision, forgotten with the segment.
    const other = await segment(net, { physical_network: 'physnet2', segmentation_id: 2110 });
    const otherId = String(other['id']);
    const plugin = server.manager.getPluginForResource('segments') as SegmentsPlugin;
    const owner = tagsCapableOf(plugin)!;
    expect(owner.taggableCollections).toEqual(['segments']);
    const core = server.manager.corePlugin as unknown as DbBasePlugin;
    const admin = getAdminContext();
    const tag = async (id: string, tags: string[]) => {
      await core.transactions.write(admin, (session) => resourceTags.add(session.db, id, tags));
      expect(await owner.tagsChanged(admin, 'segments', id)).toBe(true);
    };
    await tag(providerId, ['red']);
    await tag(otherId, ['red', 'blue']);
    expect(await plugin.getSegment(admin, providerId)).toMatchObject({ tags: ['red'], revision_number: 2 });
    expect(await plugin.getSegment(admin, otherId)).toMatchObject({ tags: ['blue', 'red'], revision_number: 1 });
    const tagged = async (filters: Record<string, string[]>) =>
      (await plugin.getSegments(admin, { filters: { network_id: [net], ...filters } })).map((s) => s['id']).sort();
    expect(await tagged({ tags: ['red'] })).toEqual([providerId, otherId].sort());
    expect(await tagged({ tags: ['blue'] })).toEqual([otherId]);
    expect(await tagged({ 'not-tags': ['blue'] })).toEqual([providerId]);
    expect(await owner.tagsChanged(admin, 'segments', '00000000-0000-4000-8000-000000000000')).toBe(false);
    expect((await server.client.delete(`/segments/${otherId}`)).status).toBe(204);
    expect((await server.client.delete(`/networks/${net}`)).status).toBe(204);
    const left = await core.transactions.read(admin, (session) => resourceTags.load(session.db, [providerId, otherId]));
    expect([...left.values()].flat()).toEqual([]);
  });

  it('lists with filters, sorting and pages', async () => {
    const net = await network('listing', 2002);
    const a = await segment(net, { name: 'list-a', physical_network: 'physnet2', segmentation_id: 2102 });
    const b = await segment(net, { name: 'list-b', physical_network: 'physnet2', segmentation_id: 2103 });
    const byName = (await server.client.get(`/segments?network_id=${net}&name=list-b`)).body['segments'] as Dict[];
    expect(byName.map((s) => s['id'])).toEqual([b['id']]);
    const byPhysnet = (await server.client.get(`/segments?network_id=${net}&physical_network=physnet2&sort_key=segmentation_id&sort_dir=desc`)).body[
      'segments'
    ] as Dict[];
    expect(byPhysnet.map((s) => s['segmentation_id'])).toEqual([2103, 2102, 2002]);
    const page = await server.client.get(`/segments?network_id=${net}&sort_key=segmentation_id&sort_dir=asc&limit=2&fields=id&fields=segmentation_id`);
    expect((page.body['segments'] as Dict[]).map((s) => s['segmentation_id'])).toEqual([2002, 2102]);
    expect(Object.keys((page.body['segments'] as Dict[])[0]!).sort()).toEqual(['id', 'segmentation_id']);
    expect(page.body['segments_links']).toEqual(expect.arrayContaining([expect.objectContaining({ rel: 'next' })]));
    expect((await server.client.get(`/segments?id=${String(a['id'])}`)).body['segments']).toEqual([a]);
  });

  it('has the type drivers allocate and validate segments', async () => {
    const net = await network('allocating', 2003);
    const allocated = await segment(net);
    expect(allocated['segmentation_id']).toBeGreaterThanOrEqual(VLAN_RANGE.min);
    expect(allocated['segmentation_id']).toBeLessThanOrEqual(VLAN_RANGE.max);
    // Taken: by this network's provider segment, and by the allocation just made.
    failure(
      await server.client.post('/segments', { segment: { network_id: net, network_type: 'vlan', physical_network: 'physnet2', segmentation_id: 2003 } }),
      409,
      'VlanIdInUse',
    );
    failure(
      await server.client.post('/segments', {
        segment: { network_id: net, network_type: 'vlan', physical_network: 'physnet1', segmentation_id: allocated['segmentation_id'] },
      }),
      409,
      'VlanIdInUse',
    );
    expect(
      failure(
        await server.client.post('/segments', { segment: { network_id: net, network_type: 'vlan', physical_network: 'physnet1', segmentation_id: 4095 } }),
        400,
        'InvalidInput',
      ),
    ).toContain('segmentation_id out of range (1 through 4094)');
    expect(
      failure(await server.client.post('/segments', { segment: { network_id: net, network_type: 'vlan', physical_network: 'nowhere' } }), 400, 'InvalidInput'),
    ).toContain('nowhere');
    expect(failure(await server.client.post('/segments', { segment: { network_id: net, network_type: 'gre' } }), 400, 'InvalidInput')).toContain(
      "'gre' not supported",
    );
    failure(await server.client.post('/segments', { segment: { network_id: net } }), 400, 'HTTPBadRequest');
    // A VXLAN segment carries less than the network's 1500 bytes: as neutron, the network keeps its MTU and refuses the segment.
    expect(failure(await server.client.post('/segments', { segment: { network_id: net, network_type: 'vxlan' } }), 400, 'InvalidInput')).toContain(
      'Requested MTU is too big, maximum is 1450',
    );
    const missing = '0b0e7a52-93d7-4a3c-8a44-8f4e8b3a9c11';
    expect(
      failure(
        await server.client.post('/segments', { segment: { network_id: missing, network_type: 'vlan', physical_network: 'physnet1' } }),
        404,
        'NetworkNotFound',
      ),
    ).toContain(missing);
    // A refused create leaves nothing behind.
    expect(await segmentsOf(net)).toHaveLength(2);
  });

  it("puts subnets on segments with neutron's rules, and keeps a segment with subnets", async () => {
    const net = await network('subnets', 2004);
    const [first] = await segmentsOf(net);
    const second = await segment(net, { physical_network: 'physnet2', segmentation_id: 2104 });
    const other = await network('elsewhere', 2005);
    const [foreign] = await segmentsOf(other);

    const onFirst = created(await postSubnet(net, '10.4.1.0/24', { segment_id: first!['id'] }), 'subnet');
    expect(onFirst['segment_id']).toBe(first!['id']);
    const onSecond = created(await postSubnet(net, '10.4.2.0/24', { segment_id: second['id'] }), 'subnet');
    expect(ok(await server.client.get(`/subnets/${String(onSecond['id'])}`), 'subnet')['segment_id']).toBe(second['id']);
    expect(((await server.client.get(`/subnets?segment_id=${String(second['id'])}`)).body['subnets'] as Dict[]).map((s) => s['id'])).toEqual([onSecond['id']]);
    expect(ok(await server.client.get(`/networks/${net}`), 'network')['l2_adjacency']).toBe(false);
    expect(ok(await server.client.get(`/networks/${other}`), 'network')['l2_adjacency']).toBe(true);

    failure(await postSubnet(net, '10.4.3.0/24'), 400, 'SubnetsNotAllAssociatedWithSegments');
    failure(await postSubnet(net, '10.4.4.0/24', { segment_id: foreign!['id'] }), 400, 'NetworkIdsDontMatch');
    failure(await postSubnet(net, '10.4.5.0/24', { segment_id: '6f1c0a7e-5b8d-4c2a-9e3f-1a2b3c4d5e6f' }), 404, 'SegmentNotFound');
    // A segment ML2 allocated while binding a port (hierarchical binding) is listed but takes no subnets.
    const core = server.manager.corePlugin as unknown as Ml2Plugin;
    const admin = getAdminContext();
    const dynamic = await core.transactions.write(admin, (session) =>
      core.typeManager.allocateDynamicSegment(ml2View(session.db), admin, net, { network_type: 'vlan', physical_network: 'physnet1', segmentation_id: null }),
    );
    expect((await segmentsOf(net)).map((s) => s['id'])).toContain(dynamic.id);
    failure(await postSubnet(net, '10.4.6.0/24', { segment_id: dynamic.id }), 400, 'SubnetCantAssociateToDynamicSegment');
    // Without segments on the network's other subnets, a subnet on a segment is the odd one.
    created(await postSubnet(other, '10.5.1.0/24'), 'subnet');
    failure(await postSubnet(other, '10.5.2.0/24', { segment_id: foreign!['id'] }), 400, 'SubnetsNotAllAssociatedWithSegments');
    // The refused creates left no subnets.
    expect((await server.client.get(`/subnets?network_id=${net}`)).body['subnets'] as Dict[]).toHaveLength(2);

    const inUse = failure(await server.client.delete(`/segments/${String(second['id'])}`), 409, 'SegmentInUse');
    expect(inUse).toBe(`Segment '${String(second['id'])}' cannot be deleted: The segment is still associated with subnet(s) ${String(onSecond['id'])}.`);
    expect((await server.client.delete(`/subnets/${String(onSecond['id'])}`)).status).toBe(204);
    expect((await server.client.delete(`/segments/${String(second['id'])}`)).status).toBe(204);
    // Deleting the network takes its subnets and segments, and frees their VLANs.
    expect((await server.client.delete(`/networks/${net}`)).status).toBe(204);
    expect(await segmentsOf(net)).toEqual([]);
    expect(
      created(
        await server.client.post('/networks', {
          network: { name: 'again', 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet2', 'provider:segmentation_id': 2004 },
        }),
        'network',
      ),
    ).toBeDefined();
  });

  it('moves a subnet onto a segment only as neutron allows', async () => {
    const single = await network('single', 2006);
    const [only] = await segmentsOf(single);
    const subnet = created(await postSubnet(single, '10.6.1.0/24'), 'subnet');
    expect(subnet['segment_id']).toBeNull();
    const id = String(subnet['id']);
    expect(ok(await server.client.put(`/subnets/${id}`, { subnet: { segment_id: only!['id'] } }), 'subnet')['segment_id']).toBe(only!['id']);
    failure(await server.client.put(`/subnets/${id}`, { subnet: { segment_id: null } }), 400, 'SubnetSegmentAssociationChangeNotAllowed');

    const multi = await network('multi', 2007);
    const extra = await segment(multi, { physical_network: 'physnet2', segmentation_id: 2107 });
    const plain = created(await postSubnet(multi, '10.7.1.0/24'), 'subnet');
    failure(
      await server.client.put(`/subnets/${String(plain['id'])}`, { subnet: { segment_id: extra['id'] } }),
      400,
      'NoUpdateSubnetWhenMultipleSegmentsOnNetwork',
    );
    created(await postSubnet(multi, '10.7.2.0/24'), 'subnet');
    failure(await server.client.put(`/subnets/${String(plain['id'])}`, { subnet: { segment_id: extra['id'] } }), 400, 'SubnetsNotAllAssociatedWithSegments');
    expect(ok(await server.client.get(`/subnets/${String(plain['id'])}`), 'subnet')['segment_id']).toBeNull();
  });

  it('keeps a segment that ports are bound to', async () => {
    const net = await network('bound', 2008);
    const seg = await segment(net, { physical_network: 'physnet2', segmentation_id: 2108 });
    const port = created(await server.client.post('/ports', { port: { network_id: net } }), 'port');
    // A binding as ML2 records one when a mechanism driver binds the port on this segment.
    await sql`insert into ml2_port_binding_levels (port_id, host, level, driver, segment_id) values (${String(port['id'])}, ${'compute-1'}, ${0}, ${'openvswitch'}, ${String(seg['id'])})`.execute(
      server.database.db,
    );
    const message = failure(await server.client.delete(`/segments/${String(seg['id'])}`), 409, 'SegmentInUse');
    expect(message).toContain(`still bound with port(s) ${String(port['id'])}`);
    expect((await server.client.delete(`/ports/${String(port['id'])}`)).status).toBe(204);
    expect((await server.client.delete(`/segments/${String(seg['id'])}`)).status).toBe(204);
  });

  it("leaves segments to admins, as neutron's policy", async () => {
    const net = await network('policy', 2009);
    const [seg] = await segmentsOf(net);
    const member = server.client.as({ projectId: 'p-member', roles: ['member'] });
    expect((await member.post('/segments', { segment: { network_id: net, network_type: 'vlan', physical_network: 'physnet1' } })).status).toBe(403);
    expect((await member.get(`/segments/${String(seg!['id'])}`)).status).toBe(404);
    expect((await member.get('/segments')).body['segments']).toEqual([]);
    expect((await member.put(`/segments/${String(seg!['id'])}`, { segment: { name: 'mine' } })).status).toBe(404);
    expect((await member.delete(`/segments/${String(seg!['id'])}`)).status).toBe(404);
    expect(await segmentsOf(net)).toHaveLength(1);
  });
});
