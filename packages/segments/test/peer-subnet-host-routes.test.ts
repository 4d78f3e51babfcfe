import { created, ok, type ApiResponse, type TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, startSegmentsServer } from './helpers.js';

type Dict = Record<string, unknown>;

/*
 * segments-peer-subnet-host-routes over the REST API, as neutron's
 * SegmentHostRoutes behaves: subnets on the segments of a routed network
 * get host routes to their peers on the other segments.
 */
describe.each(dialects)('peer subnet host routes of routed networks on %s', (dialect) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startSegmentsServer(dialect);
  }, 240_000);

  afterAll(async () => {
    await server?.stop();
  });

  /** A network on a VLAN of physnet2, with a second segment on physnet1: its two segments' ids. */
  async function routedNetwork(vlan: number): Promise<{ network: string; segments: [string, string] }> {
    const body = { network: { name: 'routed', 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet2', 'provider:segmentation_id': vlan } };
    const network = String(created(await server.client.post('/networks', body), 'network')['id']);
    const [first] = (await server.client.get(`/segments?network_id=${network}`)).body['segments'] as Dict[];
    const second = created(
      await server.client.post('/segments', { segment: { network_id: network, network_type: 'vlan', physical_network: 'physnet1' } }),
      'segment',
    );
    return { network, segments: [String(first?.['id']), String(second['id'])] };
  }
  const subnet = async (network: string, segment: string, cidr: string, extra: Dict = {}): Promise<Dict> =>
    created(await server.client.post('/subnets', { subnet: { network_id: network, segment_id: segment, ip_version: 4, cidr, ...extra } }), 'subnet');
  const routesOf = async (id: unknown): Promise<unknown> => ok(await server.client.get(`/subnets/${String(id)}`), 'subnet')['host_routes'];
  const update = (id: unknown, body: Dict): Promise<ApiResponse> => server.client.put(`/subnets/${String(id)}`, { subnet: body });

  it('is announced', async () => {
    const aliases = ((await server.client.get('/extensions')).body['extensions'] as Dict[]).map((extension) => extension['alias']);
    expect(aliases).toContain('segments-peer-subnet-host-routes');
  });

  it('routes each subnet to the subnets of its IP version on the other segments, as they come and go', async () => {
    const { network, segments } = await routedNetwork(2101);
    const a = await subnet(network, segments[0], '10.1.0.0/24', { allocation_pools: [{ start: '10.1.0.2', end: '10.1.0.200' }] });
    expect(a['host_routes']).toEqual([]);
    const b = await subnet(network, segments[1], '10.2.0.0/24');
    expect(b['host_routes']).toEqual([{ destination: '10.1.0.0/24', nexthop: '10.2.0.1' }]);
    expect(await routesOf(a['id'])).toEqual([{ destination: '10.2.0.0/24', nexthop: '10.1.0.1' }]);
    const v6 = await subnet(network, segments[1], '2001:db8:2::/64', { ip_version: 6 });
    expect(v6['host_routes']).toEqual([]);
    expect(await routesOf(a['id'])).toEqual([{ destination: '10.2.0.0/24', nexthop: '10.1.0.1' }]);

    // A new gateway moves the routes through it.
    expect(ok(await update(a['id'], { gateway_ip: '10.1.0.254' }), 'subnet')['host_routes']).toEqual([{ destination: '10.2.0.0/24', nexthop: '10.1.0.254' }]);
    // A summary route the user gives covers the peer: no route of its own is added.
    expect(ok(await update(b['id'], { host_routes: [{ destination: '10.0.0.0/8', nexthop: '10.2.0.1' }] }), 'subnet')['host_routes']).toEqual([
      { destination: '10.0.0.0/8', nexthop: '10.2.0.1' },
    ]);
    // Routes given that leave out the peer get it back.
    const given = ok(await update(b['id'], { host_routes: [{ destination: '192.168.0.0/24', nexthop: '10.2.0.9' }] }), 'subnet')['host_routes'];
    expect(given).toEqual(
      expect.arrayContaining([
        { destination: '192.168.0.0/24', nexthop: '10.2.0.9' },
        { destination: '10.1.0.0/24', nexthop: '10.2.0.1' },
      ]),
    );
    expect(given).toHaveLength(2);

    expect((await server.client.delete(`/subnets/${String(b['id'])}`)).status).toBe(204);
    expect(await routesOf(a['id'])).toEqual([]);
  });

  it('leaves subnets of networks without segments alone', async () => {
    const network = String(created(await server.client.post('/networks', { network: { name: 'plain' } }), 'network')['id']);
    const one = created(await server.client.post('/subnets', { subnet: { network_id: network, ip_version: 4, cidr: '10.3.0.0/24' } }), 'subnet');
    const two = created(await server.client.post('/subnets', { subnet: { network_id: network, ip_version: 4, cidr: '10.4.0.0/24' } }), 'subnet');
    expect(one['host_routes']).toEqual([]);
    expect(two['host_routes']).toEqual([]);
    expect(await routesOf(one['id'])).toEqual([]);
  });
});
