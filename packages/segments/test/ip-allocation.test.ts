import { addressNotHeld, type ApiResponse, type TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, startSegmentsServer } from './helpers.js';

type Dict = Record<string, unknown>;

function created(reply: ApiResponse, key: string): Dict {
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body[key] as Dict;
}

/*
 * Ports' ip_allocation, as neutron's segments plugin shows it: 'none' for a
 * port created with fixed_ips [], 'immediate' for the others.
 */
describe.each(dialects)('ports’ ip_allocation on %s', (dialect) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startSegmentsServer(dialect);
  }, 240_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('announces ip_allocation and shows how each port got its addresses', async () => {
    const aliases = ((await server.client.get('/extensions')).body['extensions'] as { alias: string }[]).map((e) => e.alias);
    expect(aliases).toContain('ip_allocation');
    const network = created(await server.client.post('/networks', { network: { name: 'ip-allocation' } }), 'network');
    const networkId = String(network['id']);
    created(await server.client.post('/subnets', { subnet: { network_id: networkId, ip_version: 4, cidr: '10.44.0.0/24' } }), 'subnet');

    const addressed = created(await server.client.post('/ports', { port: { network_id: networkId, name: 'addressed' } }), 'port');
    expect(addressed).toMatchObject({ ip_allocation: 'immediate' });
    expect(addressed['fixed_ips']).toHaveLength(1);
    const unaddressed = created(await server.client.post('/ports', { port: { network_id: networkId, name: 'unaddressed', fixed_ips: [] } }), 'port');
    expect(unaddressed).toMatchObject({ ip_allocation: 'none', fixed_ips: [] });
    const id = String(unaddressed['id']);

    const names = async (query: string) =>
      ((await server.client.get(`/ports?network_id=${networkId}&${query}`)).body['ports'] as Dict[]).map((port) => port['name']);
    expect(await names('ip_allocation=none')).toEqual(['unaddressed']);
    expect(await names('ip_allocation=immediate')).toEqual(['addressed']);

    // As neutron's column, the value stays what the create made it.
    const free = addressNotHeld(addressed, ['10.44.0.77', '10.44.0.78']);
    const readdressed = await server.client.put(`/ports/${id}`, { port: { fixed_ips: [{ ip_address: free }] } });
    expect(readdressed.status).toBe(200);
    expect(readdressed.body['port']).toMatchObject({ ip_allocation: 'none', fixed_ips: [expect.objectContaining({ ip_address: free })] });

    for (const port of [addressed, unaddressed]) expect((await server.client.delete(`/ports/${String(port['id'])}`)).status).toBe(204);
    expect((await server.client.delete(`/networks/${networkId}`)).status).toBe(204);
  });
});
