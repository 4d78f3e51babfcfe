import type { TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSegmentsServer } from './helpers.js';

/* Installed is not loaded: with the package in node_modules but not in service_plugins, there are no segments. */
describe('@net-server/segments installed but not in service_plugins', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startSegmentsServer('sqlite', []);
  }, 240_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('serves neither the segment extensions nor their resources and attributes', async () => {
    const aliases = ((await server.client.get('/extensions')).body['extensions'] as { alias: string }[]).map((e) => e.alias);
    expect(aliases).not.toContain('segment');
    expect(aliases).not.toContain('subnet-segmentid-writable');
    expect(aliases).not.toContain('l2_adjacency');
    expect(aliases).toContain('multi-provider');
    expect((await server.client.get('/segments')).status).toBe(404);
    const network = (await server.client.post('/networks', { network: { name: 'plain' } })).body['network'] as Record<string, unknown>;
    expect(network).not.toHaveProperty('l2_adjacency');
    const subnet = await server.client.post('/subnets', { subnet: { network_id: network['id'], ip_version: 4, cidr: '10.9.0.0/24' } });
    expect(subnet.status).toBe(201);
    expect(subnet.body['subnet']).not.toHaveProperty('segment_id');
    const refused = await server.client.post('/subnets', { subnet: { network_id: network['id'], ip_version: 4, cidr: '10.9.1.0/24', segment_id: null } });
    expect(refused.status).toBe(400);
    expect(server.manager.directory.plugins.has('segments')).toBe(false);
  });
});
