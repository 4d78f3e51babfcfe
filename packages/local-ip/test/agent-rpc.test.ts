import { silentLogger, topics } from '@net-server/lib';
import { createConnection, RpcClient, Target, type RpcServer } from '@net-server/rpc';
import { testTransport, type TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressOf, created, startLocalIpServer, tenantNetwork, type Dict } from './helpers.js';

/*
 * An agent's side on the server's bus: the OVS agent's local_ip extension
 * bulk-pulls LocalIPAssociation objects through ML2's resources pull API
 * on q-plugin and consumes the pushes on neutron-vo-LocalIPAssociation-1.0.
 */
describe('local IP associations for agents', () => {
  let server: TestServer;
  const consumers: RpcServer[] = [];
  const pushes: Dict[] = [];

  beforeAll(async () => {
    server = await startLocalIpServer('sqlite', { rpc: true });
  }, 600_000);

  afterAll(async () => {
    for (const consumer of consumers.splice(0)) {
      await consumer.stop();
      await consumer.wait();
    }
    await server?.stop();
  });

  it('answers pulls with LocalIPAssociation 1.0 objects and pushes creates and deletes', async () => {
    const agent = await testTransport(server.transportUrl);
    try {
      const connection = createConnection(agent, { logger: silentLogger });
      connection.createConsumer(
        topics.resourceTopicName('LocalIPAssociation', '1.0'),
        [{ target: new Target({ version: '1.1' }), push: (_ctx: unknown, args: Dict) => void pushes.push(args) }],
        { fanout: true, server: 'compute-1' },
      );
      consumers.push(...(await connection.consume()));
      const tenant = server.client.as({ projectId: 'tenant-a', roles: ['member'] });
      const net = await tenantNetwork(tenant, '10.9.0.0/24');
      const lip = created(await tenant.post('/local_ips', { local_ip: { network_id: net.network['id'], name: 'l' } }), 'local_ip');
      const port = await net.port();
      const path = `/local_ips/${String(lip['id'])}/port_associations`;
      created(await tenant.post(path, { port_association: { fixed_port_id: port['id'] } }), 'port_association');

      const plugin = new RpcClient(agent, new Target({ topic: topics.PLUGIN, version: '1.1' }));
      const admin = { is_admin: true, roles: ['admin'], project_id: null, user_id: null };
      const [pulled] = (await plugin.call(admin, 'bulk_pull', { resource_type: 'LocalIPAssociation', version: '1.0', filter_kwargs: {} })) as Dict[];
      expect(pulled).toMatchObject({
        'versioned_object.name': 'LocalIPAssociation',
        'versioned_object.version': '1.0',
        'versioned_object.data': {
          id: `${String(lip['id'])}_${String(port['id'])}`,
          local_ip_id: lip['id'],
          fixed_port_id: port['id'],
          fixed_ip: addressOf(port),
          local_ip: {
            'versioned_object.name': 'LocalIP',
            'versioned_object.data': { id: lip['id'], name: 'l', local_ip_address: lip['local_ip_address'], ip_mode: 'translate', project_id: 'tenant-a' },
          },
        },
      });
      const id = `${String(lip['id'])}_${String(port['id'])}`;
      expect(await plugin.call(admin, 'pull', { resource_type: 'LocalIPAssociation', version: '1.0', resource_id: id })).toEqual(pulled);

      expect((await tenant.delete(`${path}/${String(port['id'])}`)).status).toBe(204);
      await expect.poll(() => pushes.length, { timeout: 10_000, interval: 20 }).toBe(2);
      expect(pushes).toEqual([
        { resource_list: [pulled], event_type: 'created' },
        { resource_list: [pulled], event_type: 'deleted' },
      ]);
    } finally {
      await agent.cleanup();
    }
  });
});
