import type { ApiClient, TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, errorType, startQosServer, type Dict } from './helpers.js';

for (const dialect of dialects) {
  describe(`QoS policies API on ${dialect}`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let alice: ApiClient;

    beforeAll(async () => {
      server = await startQosServer(dialect);
      admin = server.client;
      alice = admin.as({ projectId: 'alice', roles: ['member'] });
    }, 120_000);
    afterAll(async () => server?.stop());

    async function createPolicy(body: Dict): Promise<Dict> {
      const reply = await admin.post('/qos/policies', { policy: body });
      expect(reply.status, JSON.stringify(reply.body)).toBe(201);
      return reply.body['policy'] as Dict;
    }

    it("creates a policy with neutron's defaults and standard attributes, shows, lists and deletes it", async () => {
      const created = await createPolicy({ name: 'gold' });
      expect(created).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'gold',
        description: '',
        shared: false,
        is_default: false,
        project_id: 'testkit-project',
        tenant_id: 'testkit-project',
        rules: [],
        revision_number: 0,
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        updated_at: expect.stringMatching(/Z$/),
      });
      const id = String(created['id']);
      expect((await admin.get(`/qos/policies/${id}`)).body['policy']).toEqual(created);
      expect(((await admin.get('/qos/policies?name=gold')).body['policies'] as Dict[]).map((p) => p['id'])).toEqual([id]);
      expect((await admin.get(`/qos/policies/${id}?fields=name&fields=id`)).body['policy']).toEqual({ id, name: 'gold' });
      expect((await admin.delete(`/qos/policies/${id}`)).status).toBe(204);
      const gone = await admin.get(`/qos/policies/${id}`);
      expect([gone.status, errorType(gone.body)]).toEqual([404, 'QosPolicyNotFound']);
      expect((gone.body['NeutronError'] as Dict)['message']).toBe(`QoS policy ${id} could not be found.`);
    });

    it('updates name, description and shared, bumping the revision', async () => {
      const policy = await createPolicy({ name: 'silver' });
      const updated = await admin.put(`/qos/policies/${String(policy['id'])}`, { policy: { name: 'silver2', description: 'for web', shared: true } });
      expect(updated.status).toBe(200);
      expect(updated.body['policy']).toMatchObject({ name: 'silver2', description: 'for web', shared: true, revision_number: 1 });
      const readOnly = await admin.put(`/qos/policies/${String(policy['id'])}`, { policy: { rules: [] } });
      expect(readOnly.status).toBe(400);
      const badName = await admin.post('/qos/policies', { policy: { name: 'x'.repeat(256) } });
      expect([badName.status, errorType(badName.body)]).toEqual([400, 'HTTPBadRequest']);
    });

    it('lets only admins write policies, and shows members their own and shared ones', async () => {
      const refused = await alice.post('/qos/policies', { policy: { name: 'mine' } });
      expect([refused.status, errorType(refused.body)]).toEqual([403, 'PolicyNotAuthorized']);
      const own = await createPolicy({ name: 'alice-private', project_id: 'alice' });
      const shared = await createPolicy({ name: 'shared-by-bob', project_id: 'bob', shared: true });
      const hidden = await createPolicy({ name: 'bob-private', project_id: 'bob' });
      const seen = ((await alice.get('/qos/policies')).body['policies'] as Dict[]).map((p) => p['id']);
      expect(seen).toEqual(expect.arrayContaining([own['id'], shared['id']]));
      expect(seen).not.toContain(hidden['id']);
      const notVisible = await alice.get(`/qos/policies/${String(hidden['id'])}`);
      expect([notVisible.status, errorType(notVisible.body)]).toEqual([404, 'QosPolicyNotFound']);
      expect((await alice.put(`/qos/policies/${String(own['id'])}`, { policy: { name: 'renamed' } })).status).toBe(403);
      expect((await alice.delete(`/qos/policies/${String(own['id'])}`)).status).toBe(403);
      const sharedOnly = ((await alice.get('/qos/policies?shared=true')).body['policies'] as Dict[]).map((p) => p['id']);
      expect(sharedOnly).toContain(shared['id']);
      expect(sharedOnly).not.toContain(own['id']);
    });

    it('keeps one default policy per project and gives it to new networks of the project', async () => {
      const first = await createPolicy({ name: 'default-1', project_id: 'carol', is_default: true });
      expect(first['is_default']).toBe(true);
      const second = await admin.post('/qos/policies', { policy: { name: 'default-2', project_id: 'carol', is_default: true } });
      expect([second.status, errorType(second.body)]).toEqual([409, 'QoSPolicyDefaultAlreadyExists']);
      expect((second.body['NeutronError'] as Dict)['message']).toBe('A default QoS policy exists for project carol.');
      const other = await createPolicy({ name: 'other', project_id: 'carol' });
      const clash = await admin.put(`/qos/policies/${String(other['id'])}`, { policy: { is_default: true } });
      expect([clash.status, errorType(clash.body)]).toEqual([409, 'QoSPolicyDefaultAlreadyExists']);
      const carol = admin.as({ projectId: 'carol', roles: ['member'] });
      const network = await carol.post('/networks', { network: { name: 'carol-net' } });
      expect((network.body['network'] as Dict)['qos_policy_id']).toBe(first['id']);
      const explicit = await carol.post('/networks', { network: { name: 'carol-net2', qos_policy_id: other['id'] } });
      expect((explicit.body['network'] as Dict)['qos_policy_id']).toBe(other['id']);
      const unset = await admin.put(`/qos/policies/${String(first['id'])}`, { policy: { is_default: false } });
      expect(unset.body['policy']).toMatchObject({ is_default: false, revision_number: 1 });
      expect(((await carol.post('/networks', { network: { name: 'carol-net3' } })).body['network'] as Dict)['qos_policy_id']).toBeNull();
      expect((await admin.put(`/qos/policies/${String(other['id'])}`, { policy: { is_default: true } })).body['policy']).toMatchObject({ is_default: true });
      expect(((await admin.get('/qos/policies?is_default=true&tenant_id=carol')).body['policies'] as Dict[]).map((p) => p['id'])).toEqual([other['id']]);
    });

    it('shows no tags and refuses the tag filters and /tags without the tag plugin, as the core does for networks', async () => {
      const policy = await createPolicy({ name: 'untagged' });
      expect(policy).not.toHaveProperty('tags');
      expect((await admin.get(`/qos/policies/${String(policy['id'])}`)).body['policy']).not.toHaveProperty('tags');
      for (const filter of ['tags', 'tags-any', 'not-tags', 'not-tags-any']) {
        const refused = await admin.get(`/qos/policies?${filter}=a`);
        expect([refused.status, errorType(refused.body)]).toEqual([400, 'HTTPBadRequest']);
        expect((refused.body['NeutronError'] as Dict)['message']).toBe(`['${filter}'] is invalid attribute for filtering`);
        const network = await admin.get(`/networks?${filter}=a`);
        expect([network.status, network.body['NeutronError']]).toEqual([400, { ...(refused.body['NeutronError'] as Dict) }]);
      }
      expect((await admin.get(`/qos/policies/${String(policy['id'])}/tags`)).status).toBe(404);
    });

    it('refuses a policy without a project', async () => {
      const reply = await admin.post('/qos/policies', { policy: { name: 'orphan', project_id: '' } });
      expect(reply.status).toBe(400);
      expect(errorType(reply.body)).toBe('BadRequest');
    });

    it('lists rule types every loaded driver supports, and their details for admins', async () => {
      expect((await alice.get('/qos/rule-types')).body).toEqual({
        rule_types: [
          { type: 'bandwidth_limit' },
          { type: 'dscp_marking' },
          { type: 'minimum_bandwidth' },
          { type: 'minimum_packet_rate' },
          { type: 'packet_rate_limit' },
        ],
      });
      const details = await admin.get('/qos/rule-types/dscp_marking');
      expect(details.status).toBe(200);
      expect(details.body['rule_type']).toEqual({
        type: 'dscp_marking',
        drivers: [
          {
            name: 'openvswitch',
            supported_parameters: [
              {
                parameter_name: 'dscp_mark',
                parameter_type: 'choices',
                parameter_values: [0, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34, 36, 38, 40, 46, 48, 56],
              },
            ],
          },
        ],
      });
      expect(((await admin.get('/qos/rule-types/bandwidth_limit')).body['rule_type'] as Dict)['drivers']).toEqual([
        {
          name: 'openvswitch',
          supported_parameters: [
            { parameter_name: 'max_kbps', parameter_type: 'range', parameter_values: { start: 0, end: 2147483647 } },
            { parameter_name: 'max_burst_kbps', parameter_type: 'range', parameter_values: { start: 0, end: 2147483647 } },
            { parameter_name: 'direction', parameter_type: 'choices', parameter_values: ['ingress', 'egress'] },
          ],
        },
      ]);
      const member = await alice.get('/qos/rule-types/dscp_marking');
      expect([member.status, errorType(member.body)]).toEqual([403, 'NotAuthorized']);
      expect(((await admin.get('/qos/rule-types/minimum_packet_rate')).body['rule_type'] as Dict)['drivers']).toEqual([
        {
          name: 'openvswitch',
          supported_parameters: [
            { parameter_name: 'min_kpps', parameter_type: 'range', parameter_values: { start: 0, end: 2147483647 } },
            { parameter_name: 'direction', parameter_type: 'choices', parameter_values: ['any', 'ingress', 'egress'] },
          ],
        },
      ]);
      expect((await admin.get('/qos/rule-types/bogus')).status).toBe(404);
      // qos-rule-type-filter: with only openvswitch loaded, both flags give every type.
      expect((await alice.get('/qos/rule-types?all_supported=true')).body['rule_types']).toHaveLength(5);
      expect((await alice.get('/qos/rule-types?all_rules=True')).body['rule_types']).toHaveLength(5);
      // As in neutron, `type` is no filter.
      expect((await alice.get('/qos/rule-types?type=dscp_marking')).status).toBe(400);
    });
  });
}
