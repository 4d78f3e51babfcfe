import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale, servicePluginContract, startServer, type TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
// The server loads the plugin, its extension and its migration through entry points naming dist.
buildIfStale(packageDir);

servicePluginContract('net-server-service-example', {
  root: packageDir,
  servicePlugin: 'network_labels',
  pluginType: 'NETWORK_LABELS',
});

describe('network labels', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ root: packageDir, servicePlugins: ['network_labels'] });
  });
  afterAll(() => server?.stop());

  async function network(name: string, client = server.client): Promise<string> {
    const created = await client.post('/networks', { network: { name } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return (created.body['network'] as { id: string }).id;
  }

  it('labels a network, lists by network, renames and deletes', async () => {
    const networkId = await network('labelled');
    const created = await server.client.post('/network-labels', { network_label: { network_id: networkId, label: 'prod' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const label = created.body['network_label'] as { id: string };
    expect(label).toMatchObject({ network_id: networkId, label: 'prod', project_id: server.client.identity.projectId });
    const listed = await server.client.get(`/network-labels?network_id=${networkId}`);
    expect(listed.body['network_labels']).toEqual([label]);
    const renamed = await server.client.put(`/network-labels/${label.id}`, { network_label: { label: 'staging' } });
    expect(renamed.body['network_label']).toMatchObject({ id: label.id, label: 'staging' });
    expect((await server.client.delete(`/network-labels/${label.id}`)).status).toBe(204);
    const gone = await server.client.get(`/network-labels/${label.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body['NeutronError']).toMatchObject({ type: 'NetworkLabelNotFound' });
  });

  it('refuses a duplicate label, an unknown network and a label that is too long', async () => {
    const networkId = await network('dup');
    expect((await server.client.post('/network-labels', { network_label: { network_id: networkId, label: 'a' } })).status).toBe(201);
    const duplicate = await server.client.post('/network-labels', { network_label: { network_id: networkId, label: 'a' } });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body['NeutronError']).toMatchObject({ type: 'NetworkLabelExists' });
    const unknown = await server.client.post('/network-labels', { network_label: { network_id: '8a6c2f1e-0000-4000-8000-000000000000', label: 'a' } });
    expect(unknown.status).toBe(404);
    expect(unknown.body['NeutronError']).toMatchObject({ type: 'NetworkNotFound' });
    const long = await server.client.post('/network-labels', { network_label: { network_id: networkId, label: 'x'.repeat(65) } });
    expect(long.status).toBe(400);
  });

  it("keeps projects' labels apart, and cannot label a network the project cannot see", async () => {
    const alice = server.client.as({ projectId: 'alice', roles: ['member'] });
    const bob = server.client.as({ projectId: 'bob', roles: ['member'] });
    const aliceNet = await network('alice-net', alice);
    const label = (await alice.post('/network-labels', { network_label: { network_id: aliceNet, label: 'mine' } })).body['network_label'] as { id: string };
    expect((await bob.get(`/network-labels/${label.id}`)).status).toBe(404);
    expect(((await bob.get('/network-labels')).body['network_labels'] as unknown[]).length).toBe(0);
    expect((await bob.post('/network-labels', { network_label: { network_id: aliceNet, label: 'theirs' } })).status).toBe(404);
  });

  it('goes with its network', async () => {
    const networkId = await network('short-lived');
    const label = (await server.client.post('/network-labels', { network_label: { network_id: networkId, label: 'tmp' } })).body['network_label'] as {
      id: string;
    };
    expect((await server.client.delete(`/networks/${networkId}`)).status).toBe(204);
    expect((await server.client.get(`/network-labels/${label.id}`)).status).toBe(404);
  });
});
