import type { ApiClient, TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { created, dialects, failure, networkWithPorts, ok, startTrunkServer, type Dict } from './helpers.js';

const PROJECT = 'testkit-project';

/*
 * Trunks as neutron_tempest_plugin's test_trunk uses them (create with and
 * without subports, show, list, update, add, list and remove subports,
 * delete) and the parent port's trunk_details, over the REST API.
 */
describe.each(dialects)('trunks through the REST API on %s', (dialect) => {
  let server: TestServer;
  let api: ApiClient;

  beforeAll(async () => {
    server = await startTrunkServer(dialect);
    api = server.client;
  }, 240_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('announces trunk and trunk-details', async () => {
    const aliases = ((await api.get('/extensions')).body['extensions'] as { alias: string }[]).map((e) => e.alias);
    expect(aliases).toEqual(expect.arrayContaining(['trunk', 'trunk-details']));
  });

  it('creates a trunk DOWN with its subports, shows, lists, updates and deletes it', async () => {
    const { ports } = await networkWithPorts(api, 3);
    const [parent, sub1, sub2] = ports.map((port) => String(port['id']));
    const trunk = created(
      await api.post('/trunks', {
        trunk: { name: 't1', description: 'a trunk', port_id: parent, sub_ports: [{ port_id: sub1, segmentation_type: 'vlan', segmentation_id: '101' }] },
      }),
      'trunk',
    );
    const id = String(trunk['id']);
    expect(trunk).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 't1',
      description: 'a trunk',
      admin_state_up: true,
      port_id: parent,
      status: 'DOWN',
      sub_ports: [{ port_id: sub1, segmentation_type: 'vlan', segmentation_id: 101 }],
      project_id: PROJECT,
      tenant_id: PROJECT,
      tags: [],
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      updated_at: expect.stringMatching(/Z$/),
      revision_number: 0,
    });
    expect(ok(await api.get(`/trunks/${id}`), 'trunk')).toEqual(trunk);
    expect((ok(await api.get(`/trunks?port_id=${parent}`), 'trunks') as unknown as Dict[]).map((t) => t['id'])).toEqual([id]);
    expect(ok(await api.get(`/trunks/${id}/get_subports`))).toEqual({ sub_ports: trunk['sub_ports'] });

    const updated = ok(await api.put(`/trunks/${id}`, { trunk: { name: 't1-renamed', admin_state_up: false } }), 'trunk');
    expect(updated).toMatchObject({ name: 't1-renamed', admin_state_up: false, status: 'DOWN', revision_number: 1 });
    failure(await api.put(`/trunks/${id}`, { trunk: { status: 'ACTIVE' } }), 400, 'HTTPBadRequest');
    expect((await api.put(`/trunks/${id}`, { trunk: { admin_state_up: true } })).status).toBe(200);

    const added = ok(await api.put(`/trunks/${id}/add_subports`, { sub_ports: [{ port_id: sub2, segmentation_type: 'vlan', segmentation_id: 102 }] }));
    expect(added['sub_ports']).toEqual([
      { port_id: sub1, segmentation_type: 'vlan', segmentation_id: 101 },
      { port_id: sub2, segmentation_type: 'vlan', segmentation_id: 102 },
    ]);
    expect(added['id']).toBe(id);
    const removed = ok(await api.put(`/trunks/${id}/remove_subports`, { sub_ports: [{ port_id: sub1 }] }));
    expect(removed['sub_ports']).toEqual([{ port_id: sub2, segmentation_type: 'vlan', segmentation_id: 102 }]);

    expect((await api.delete(`/trunks/${id}`)).status).toBe(204);
    failure(await api.get(`/trunks/${id}`), 404, 'TrunkNotFound');
    // Its ports are free again.
    for (const port of [parent, sub2]) expect((await api.delete(`/ports/${port}`)).status).toBe(204);
  });

  it('takes tags (the tag plugin), which revise it, and serves its actions in openapi.json', async () => {
    const { ports } = await networkWithPorts(api, 1);
    const trunk = created(await api.post('/trunks', { trunk: { port_id: ports[0]!['id'] } }), 'trunk');
    const id = String(trunk['id']);
    expect((await api.put(`/trunks/${id}/tags/red`, {})).status).toBe(201);
    expect(ok(await api.get(`/trunks/${id}`), 'trunk')).toMatchObject({ tags: ['red'], revision_number: 1 });
    expect((ok(await api.get('/trunks?tags=red'), 'trunks') as unknown as Dict[]).map((t) => t['id'])).toEqual([id]);
    const paths = Object.keys(ok(await api.get('/openapi.json'))['paths'] as Dict);
    expect(paths).toEqual(
      expect.arrayContaining(
        ['/trunks', '/trunks/{id}', '/trunks/{id}/add_subports', '/trunks/{id}/remove_subports', '/trunks/{id}/get_subports'].map((path) => `/v2.0${path}`),
      ),
    );
    expect((await api.delete(`/trunks/${id}`)).status).toBe(204);
  });

  it("shows the trunk on its parent port's trunk_details, with the subports' MAC addresses", async () => {
    const { ports } = await networkWithPorts(api, 2);
    const [parent, sub] = ports;
    const trunk = created(
      await api.post('/trunks', { trunk: { port_id: parent!['id'], sub_ports: [{ port_id: sub!['id'], segmentation_type: 'vlan', segmentation_id: 7 }] } }),
      'trunk',
    );
    const details = {
      trunk_id: trunk['id'],
      sub_ports: [{ port_id: sub!['id'], segmentation_type: 'vlan', segmentation_id: 7, mac_address: sub!['mac_address'] }],
    };
    expect(ok(await api.get(`/ports/${String(parent!['id'])}`), 'port')['trunk_details']).toEqual(details);
    const listed = ok(await api.get(`/ports?id=${String(parent!['id'])}&id=${String(sub!['id'])}`), 'ports') as unknown as Dict[];
    expect(listed.find((port) => port['id'] === parent!['id'])!['trunk_details']).toEqual(details);
    // Only a parent port has trunk_details.
    expect(ok(await api.get(`/ports/${String(sub!['id'])}`), 'port')).not.toHaveProperty('trunk_details');
    expect((await api.delete(`/trunks/${String(trunk['id'])}`)).status).toBe(204);
    expect(ok(await api.get(`/ports/${String(parent!['id'])}`), 'port')).not.toHaveProperty('trunk_details');
  });

  it('keeps trunks to their project', async () => {
    const alice = api.as({ projectId: 'alice', roles: ['member', 'reader'] });
    const bob = api.as({ projectId: 'bob', roles: ['member', 'reader'] });
    const { ports } = await networkWithPorts(alice, 2);
    const trunk = created(
      await alice.post('/trunks', {
        trunk: { port_id: ports[0]!['id'], sub_ports: [{ port_id: ports[1]!['id'], segmentation_type: 'vlan', segmentation_id: 10 }] },
      }),
      'trunk',
    );
    const id = String(trunk['id']);
    expect(trunk['project_id']).toBe('alice');
    expect(ok(await bob.get('/trunks'), 'trunks')).toEqual([]);
    failure(await bob.get(`/trunks/${id}`), 404, 'TrunkNotFound');
    failure(await bob.get(`/trunks/${id}/get_subports`), 404, 'TrunkNotFound');
    failure(await bob.put(`/trunks/${id}/remove_subports`, { sub_ports: [{ port_id: ports[1]!['id'] }] }), 404, 'TrunkNotFound');
    failure(await bob.delete(`/trunks/${id}`), 404, 'TrunkNotFound');
    // Bob cannot make a trunk of ports he does not see.
    failure(await bob.post('/trunks', { trunk: { port_id: ports[0]!['id'] } }), 409, 'ParentPortInUse');
    const { ports: own } = await networkWithPorts(bob, 1);
    failure(
      await bob.post('/trunks', {
        trunk: { port_id: own[0]!['id'], sub_ports: [{ port_id: ports[1]!['id'], segmentation_type: 'vlan', segmentation_id: 11 }] },
      }),
      409,
      'TrunkPortInUse',
    );
    expect(ok(await alice.get(`/trunks/${id}`), 'trunk')['id']).toBe(id);
    // An admin sees and changes every project's trunks.
    expect(ok(await api.put(`/trunks/${id}`, { trunk: { name: 'by-admin' } }), 'trunk')).toMatchObject({ name: 'by-admin', project_id: 'alice' });
    expect((await alice.delete(`/trunks/${id}`)).status).toBe(204);
  });
});
