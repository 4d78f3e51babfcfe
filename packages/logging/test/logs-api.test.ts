import { undefinedPolicyRules, type ApiClient, type TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { created, dialects, failure, ok, startLoggingServer, type Dict } from './helpers.js';

const MISSING = '7c1bb0c5-5aa6-4e1e-8f42-4fd55cfd2f9e';

describe.each(dialects)('logs through the REST API on %s', (dialect) => {
  let server: TestServer;
  let admin: ApiClient;
  let tenant: ApiClient;

  beforeAll(async () => {
    server = await startLoggingServer(dialect);
    admin = server.client.as({ projectId: 'admin-project', roles: ['admin', 'member', 'reader'] });
    tenant = server.client.as({ projectId: 'tenant-a', roles: ['member', 'reader'] });
  }, 600_000);

  afterAll(async () => {
    await server?.stop();
  });

  const group = async (name = 'sg'): Promise<Dict> => created(await admin.post('/security-groups', { security_group: { name } }), 'security_group');
  const port = async (cidr: string, groups: readonly unknown[]): Promise<Dict> => {
    const network = created(await admin.post('/networks', { network: { name: 'n' } }), 'network');
    created(await admin.post('/subnets', { subnet: { network_id: network['id'], ip_version: 4, cidr } }), 'subnet');
    return created(await admin.post('/ports', { port: { network_id: network['id'], security_groups: groups } }), 'port');
  };

  it('announces logging, lists the loggable resources of openvswitch and defines every rule the API enforces', async () => {
    const aliases = ((await server.client.get('/extensions')).body['extensions'] as Dict[]).map((extension) => extension['alias']);
    expect(aliases).toContain('logging');
    expect((await admin.get('/log/loggable-resources')).body['loggable_resources']).toEqual([{ type: 'security_group' }]);
    // As neutron's list: each item is checked, a non-admin sees none.
    expect((await tenant.get('/log/loggable-resources')).body['loggable_resources']).toEqual([]);
    // Only this package's rules: the workspace may hold other packages' extensions.
    const ours = ['get_loggable_resource', 'create_log', 'get_log', 'update_log', 'delete_log'];
    expect(undefinedPolicyRules(server).filter((rule) => ours.includes(rule))).toEqual([]);
  });

  it("creates, shows, lists, updates and deletes a security group's log, an admin's only", async () => {
    const sg = await group();
    const body = { name: 'l', description: 'd', resource_type: 'security_group', resource_id: sg['id'], target_id: null, event: 'ALL', enabled: true };
    const log = created(await admin.post('/log/logs', { log: body }), 'log');
    expect(log).toMatchObject({ ...body, project_id: 'admin-project', tenant_id: 'admin-project', revision_number: 0, created_at: expect.any(String) });
    const id = String(log['id']);
    expect(ok(await admin.get(`/log/logs/${id}`), 'log')).toEqual(log);
    expect((await admin.get(`/log/logs?resource_id=${String(sg['id'])}`)).body['logs']).toEqual([log]);
    const updated = ok(await admin.put(`/log/logs/${id}`, { log: { description: 'x', enabled: false } }), 'log');
    expect(updated).toMatchObject({ description: 'x', enabled: false, revision_number: 1 });
    failure(await admin.put(`/log/logs/${id}`, { log: { event: 'DROP' } }), 400, 'HTTPBadRequest');
    failure(await tenant.post('/log/logs', { log: { resource_type: 'security_group' } }), 403, 'PolicyNotAuthorized');
    failure(await tenant.get(`/log/logs/${id}`), 404, 'LogResourceNotFound');
    expect((await admin.delete(`/log/logs/${id}`)).status).toBe(204);
    expect(failure(await admin.get(`/log/logs/${id}`), 404, 'LogResourceNotFound')).toBe(`Log resource ${id} could not be found.`);
  });

  it('validates the resource type, the security group, the port and that the port is in the group', async () => {
    expect(failure(await admin.post('/log/logs', { log: { resource_type: 'fake_resource' } }), 400, 'InvalidLogResourceType')).toBe(
      'Invalid log resource_type: fake_resource.',
    );
    expect(failure(await admin.post('/log/logs', { log: { resource_type: 'security_group', resource_id: MISSING } }), 404, 'ResourceNotFound')).toBe(
      `Resource ${MISSING} could not be found.`,
    );
    expect(failure(await admin.post('/log/logs', { log: { resource_type: 'security_group', target_id: MISSING } }), 404, 'TargetResourceNotFound')).toBe(
      `Target resource ${MISSING} could not be found.`,
    );
    failure(await admin.post('/log/logs', { log: { resource_type: 'security_group', event: 'SOME' } }), 400, 'HTTPBadRequest');
    const [inside, outside] = [await group('in'), await group('out')];
    const member = await port('10.1.1.0/24', [inside['id']]);
    expect(
      failure(
        await admin.post('/log/logs', { log: { resource_type: 'security_group', resource_id: outside['id'], target_id: member['id'] } }),
        400,
        'InvalidResourceConstraint',
      ),
    ).toBe(`Invalid resource constraint between resource (security_group ${String(outside['id'])}) and target resource (port ${String(member['id'])}).`);
    // An unbound port of a normal vNIC is one openvswitch's log driver takes.
    const log = created(
      await admin.post('/log/logs', { log: { resource_type: 'security_group', resource_id: inside['id'], target_id: member['id'], event: 'DROP' } }),
      'log',
    );
    expect(log).toMatchObject({ event: 'DROP', target_id: member['id'], enabled: true, name: '' });
  });

  it("removes a deleted security group's and port's enabled logs, as neutron's _clean_logs", async () => {
    const sg = await group('gone');
    const enabled = created(await admin.post('/log/logs', { log: { resource_type: 'security_group', resource_id: sg['id'] } }), 'log');
    const disabled = created(await admin.post('/log/logs', { log: { resource_type: 'security_group', resource_id: sg['id'], enabled: false } }), 'log');
    expect((await admin.delete(`/security-groups/${String(sg['id'])}`)).status).toBe(204);
    failure(await admin.get(`/log/logs/${String(enabled['id'])}`), 404, 'LogResourceNotFound');
    expect(ok(await admin.get(`/log/logs/${String(disabled['id'])}`), 'log')['enabled']).toBe(false);

    const target = await port('10.1.2.0/24', []);
    const onPort = created(await admin.post('/log/logs', { log: { resource_type: 'security_group', target_id: target['id'] } }), 'log');
    expect((await admin.delete(`/ports/${String(target['id'])}`)).status).toBe(204);
    failure(await admin.get(`/log/logs/${String(onPort['id'])}`), 404, 'LogResourceNotFound');
  });
});

describe('logs without a log driver', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startLoggingServer('sqlite', ['linuxbridge']);
  }, 600_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('lists no loggable resource and refuses security group logs, as linuxbridge registers no log driver', async () => {
    expect((await server.client.get('/log/loggable-resources')).body['loggable_resources']).toEqual([]);
    failure(await server.client.post('/log/logs', { log: { resource_type: 'security_group' } }), 400, 'InvalidLogResourceType');
  });
});
