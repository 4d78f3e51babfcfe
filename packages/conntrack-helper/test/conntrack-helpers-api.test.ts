import { silentLogger, topics } from '@net-server/lib';
import { createConnection, RpcClient, Target, type RpcServer } from '@net-server/rpc';
import { testTransport, undefinedPolicyRules, type ApiClient, type TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { created, dialects, failure, ok, startHelperServer, tenantRouter, type Dict } from './helpers.js';

describe.each(dialects)('router conntrack helpers through the REST API on %s', (dialect) => {
  let server: TestServer;
  let tenant: ApiClient;

  beforeAll(async () => {
    server = await startHelperServer(dialect, { config: { DEFAULT: { allowed_conntrack_helpers: ['tftp:udp', 'ftp:tcp', 'sip:tcp', 'sip:udp'] } } });
    tenant = server.client.as({ projectId: 'tenant-a', roles: ['member'] });
  }, 240_000);

  afterAll(async () => {
    await server?.stop();
  });

  const path = (router: Dict, id?: string): string => `/routers/${String(router['id'])}/conntrack_helpers${id ? `/${id}` : ''}`;

  it('announces its extensions and defines every rule the API enforces', async () => {
    const aliases = ((await server.client.get('/extensions')).body['extensions'] as Dict[]).map((extension) => extension['alias']);
    expect(aliases).toEqual(expect.arrayContaining(['l3-conntrack-helper', 'expose-l3-conntrack-helper']));
    expect(undefinedPolicyRules(server)).toEqual([]);
  });

  it('creates, shows, lists, updates and deletes a helper, shown on its router', async () => {
    const router = await tenantRouter(server.client);
    const helper = created(await tenant.post(path(router), { conntrack_helper: { protocol: 'udp', port: 69, helper: 'tftp' } }), 'conntrack_helper');
    expect(helper).toEqual({ id: expect.any(String), protocol: 'udp', port: 69, helper: 'tftp' });
    const id = String(helper['id']);
    expect(ok(await tenant.get(path(router, id)), 'conntrack_helper')).toEqual(helper);
    expect((await tenant.get(path(router))).body['conntrack_helpers']).toEqual([helper]);
    expect(ok(await tenant.get(`/routers/${String(router['id'])}`), 'router')['conntrack_helpers']).toEqual([{ protocol: 'udp', port: 69, helper: 'tftp' }]);
    expect(ok(await tenant.put(path(router, id), { conntrack_helper: { port: 6969 } }), 'conntrack_helper')).toEqual({ ...helper, port: 6969 });
    expect((await tenant.delete(path(router, id))).status).toBe(204);
    failure(await tenant.get(path(router, id)), 404, 'ConntrackHelperNotFound');
    expect(ok(await tenant.get(`/routers/${String(router['id'])}`), 'router')['conntrack_helpers']).toEqual([]);
  });

  it('refuses helpers and protocols the configuration does not allow, duplicates, and unknown routers', async () => {
    const router = await tenantRouter(server.client);
    expect(
      failure(await tenant.post(path(router), { conntrack_helper: { protocol: 'tcp', port: 10080, helper: 'amanda' } }), 400, 'ConntrackHelperNotAllowed'),
    ).toBe('Conntrack Helper amanda is not allowed.');
    expect(failure(await tenant.post(path(router), { conntrack_helper: { protocol: 'udp', port: 21, helper: 'ftp' } }), 400, 'InvalidProtocolForHelper')).toBe(
      'Conntrack Helper ftp does not support: udp. Supported protocols are: tcp',
    );
    created(await tenant.post(path(router), { conntrack_helper: { protocol: 'tcp', port: 5060, helper: 'sip' } }), 'conntrack_helper');
    expect(failure(await tenant.post(path(router), { conntrack_helper: { protocol: 'tcp', port: 5060, helper: 'sip' } }), 400, 'BadRequest')).toBe(
      `Bad conntrack_helper request: A duplicate conntrack helper entry with same attributes already exists, conflicting values are {'router_id': '${String(router['id'])}', 'protocol': 'tcp', 'port': 5060, 'helper': 'sip'}.`,
    );
    failure(
      await tenant.post('/routers/7c1bb0c5-5aa6-4e1e-8f42-4fd55cfd2f9e/conntrack_helpers', { conntrack_helper: { protocol: 'udp', port: 69, helper: 'tftp' } }),
      404,
      'RouterNotFound',
    );
    const other = server.client.as({ projectId: 'tenant-b', roles: ['member', 'reader'] });
    failure(await other.post(path(router), { conntrack_helper: { protocol: 'udp', port: 69, helper: 'tftp' } }), 404, 'RouterNotFound');
    expect((await other.get(path(router))).body['conntrack_helpers']).toEqual([]);
    // Deleting the router takes its helpers.
    expect((await tenant.delete(`/routers/${String(router['id'])}`)).status).toBe(204);
    expect((await server.client.get(path(router))).body['conntrack_helpers']).toEqual([]);
  });
});

/*
 * An L3 agent's side on the server's bus: its conntrack_helper extension
 * bulk-pulls a router's ConntrackHelper objects through ML2's resources
 * pull API on q-plugin and consumes the pushes on
 * neutron-vo-ConntrackHelper-1.0.
 */
describe('conntrack helpers for L3 agents', () => {
  let server: TestServer;
  const consumers: RpcServer[] = [];
  const pushes: Dict[] = [];

  beforeAll(async () => {
    server = await startHelperServer('sqlite', { rpc: true });
  }, 240_000);

  afterAll(async () => {
    for (const consumer of consumers.splice(0)) {
      await consumer.stop();
      await consumer.wait();
    }
    await server?.stop();
  });

  it('answers pulls with ConntrackHelper 1.0 objects and pushes every change', async () => {
    const agent = await testTransport(server.transportUrl);
    try {
      const connection = createConnection(agent, { logger: silentLogger });
      connection.createConsumer(
        topics.resourceTopicName('ConntrackHelper', '1.0'),
        [{ target: new Target({ version: '1.1' }), push: (_ctx: unknown, args: Dict) => void pushes.push(args) }],
        {
          fanout: true,
          server: 'l3-host',
        },
      );
      consumers.push(...(await connection.consume()));
      const router = await tenantRouter(server.client);
      const tenant = server.client.as({ projectId: 'tenant-a', roles: ['member'] });
      const helper = created(
        await tenant.post(`/routers/${String(router['id'])}/conntrack_helpers`, { conntrack_helper: { protocol: 'tcp', port: 21, helper: 'ftp' } }),
        'conntrack_helper',
      );
      const data = { id: helper['id'], router_id: router['id'], protocol: 'tcp', port: 21, helper: 'ftp' };
      const primitive = {
        'versioned_object.name': 'ConntrackHelper',
        'versioned_object.namespace': 'versionedobjects',
        'versioned_object.version': '1.0',
        'versioned_object.data': data,
      };
      const plugin = new RpcClient(agent, new Target({ topic: topics.PLUGIN, version: '1.1' }));
      const admin = { is_admin: true, roles: ['admin'], project_id: null, user_id: null };
      expect(await plugin.call(admin, 'bulk_pull', { resource_type: 'ConntrackHelper', version: '1.0', filter_kwargs: { router_id: router['id'] } })).toEqual([
        primitive,
      ]);
      expect(await plugin.call(admin, 'pull', { resource_type: 'ConntrackHelper', version: '1.0', resource_id: helper['id'] })).toEqual(primitive);
      expect((await tenant.delete(`/routers/${String(router['id'])}/conntrack_helpers/${String(helper['id'])}`)).status).toBe(204);
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
