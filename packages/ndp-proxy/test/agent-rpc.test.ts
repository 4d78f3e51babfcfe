import { silentLogger, topics } from '@net-server/lib';
import { createConnection, RpcClient, Target, type RpcServer } from '@net-server/rpc';
import { testTransport, type TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addInterface, buildNdpTopology, created, startNdpServer, type Dict } from './helpers.js';

/*
 * An L3 agent's side on the server's bus: its ndp_proxy extension
 * bulk-pulls a router's NDPProxy objects through ML2's resources pull API
 * on q-plugin and consumes the pushes on neutron-vo-NDPProxy-1.0.
 */
describe('NDP proxies for L3 agents', () => {
  let server: TestServer;
  const consumers: RpcServer[] = [];
  const pushes: Dict[] = [];

  beforeAll(async () => {
    server = await startNdpServer('sqlite', { rpc: true });
  }, 240_000);

  afterAll(async () => {
    for (const consumer of consumers.splice(0)) {
      await consumer.stop();
      await consumer.wait();
    }
    await server?.stop();
  });

  it('answers pulls with NDPProxy 1.0 objects and pushes creates and deletes', async () => {
    const agent = await testTransport(server.transportUrl);
    try {
      const connection = createConnection(agent, { logger: silentLogger });
      const endpoint = { target: new Target({ version: '1.1' }), push: (_ctx: unknown, args: Dict) => void pushes.push(args) };
      connection.createConsumer(topics.resourceTopicName('NDPProxy', '1.0'), [endpoint], { fanout: true, server: 'l3-host' });
      consumers.push(...(await connection.consume()));
      const topology = await buildNdpTopology(server);
      const router = await topology.router({ enable_ndp_proxy: true });
      await addInterface(topology.tenant, router, topology.subnet);
      const port = await topology.port();
      const proxy = created(await topology.tenant.post('/ndp_proxies', { ndp_proxy: { router_id: router['id'], port_id: port['id'] } }), 'ndp_proxy');
      const fields = ['id', 'name', 'project_id', 'router_id', 'port_id', 'ip_address', 'description', 'revision_number', 'created_at', 'updated_at'];
      const primitive = {
        'versioned_object.name': 'NDPProxy',
        'versioned_object.namespace': 'versionedobjects',
        'versioned_object.version': '1.0',
        'versioned_object.data': Object.fromEntries(fields.map((field) => [field, proxy[field]])),
      };
      const plugin = new RpcClient(agent, new Target({ topic: topics.PLUGIN, version: '1.1' }));
      const admin = { is_admin: true, roles: ['admin'], project_id: null, user_id: null };
      expect(await plugin.call(admin, 'bulk_pull', { resource_type: 'NDPProxy', version: '1.0', filter_kwargs: { router_id: router['id'] } })).toEqual([
        primitive,
      ]);
      expect(await plugin.call(admin, 'pull', { resource_type: 'NDPProxy', version: '1.0', resource_id: proxy['id'] })).toEqual(primitive);
      expect((await topology.tenant.delete(`/ndp_proxies/${String(proxy['id'])}`)).status).toBe(204);
      await expect.poll(() => pushes.length, { timeout: 10_000, interval: 20 }).toBe(2);
      expect(pushes).toEqual([
        { resource_list: [primitive], event_type: 'created' },
        { resource_list: [primitive], event_type: 'deleted' },
      ]);
    } finally {
      await agent.cleanup();
    }
  });
});
