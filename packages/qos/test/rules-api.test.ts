import type { ApiClient, TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPolicy, createRule, dialects, errorType, startQosServer, type Dict } from './helpers.js';

const MISSING = '8a6c2f1e-0000-4000-8000-000000000000';

for (const dialect of dialects) {
  describe(`QoS rules API on ${dialect}`, () => {
    let server: TestServer;
    let admin: ApiClient;

    beforeAll(async () => {
      server = await startQosServer(dialect);
      admin = server.client;
    }, 120_000);
    afterAll(async () => server?.stop());

    const policy = (): Promise<string> => createPolicy(admin);
    const rule = (policyId: string, collection: string, body: Dict): Promise<Dict> => createRule(admin, policyId, collection, body);

    it('creates, lists, shows, updates and deletes bandwidth limit rules, one per direction', async () => {
      const id = await policy();
      const egress = await rule(id, 'bandwidth_limit_rules', { max_kbps: '1000' });
      expect(egress).toEqual({ id: expect.any(String), max_kbps: 1000, max_burst_kbps: 0, direction: 'egress' });
      const ingress = await rule(id, 'bandwidth_limit_rules', { max_kbps: 2000, max_burst_kbps: 200, direction: 'ingress' });
      const again = await admin.post(`/qos/policies/${id}/bandwidth_limit_rules`, { bandwidth_limit_rule: { max_kbps: 5 } });
      expect([again.status, errorType(again.body)]).toEqual([409, 'QoSRulesConflict']);
      expect((again.body['NeutronError'] as Dict)['message']).toBe(
        `Rule bandwidth_limit conflicts with rule ${String(egress['id'])} which already exists in QoS Policy ${id}.`,
      );
      const listed = (await admin.get(`/qos/policies/${id}/bandwidth_limit_rules`)).body['bandwidth_limit_rules'] as Dict[];
      expect(listed.map((r) => r['id']).sort()).toEqual([egress['id'], ingress['id']].sort());
      expect((await admin.get(`/qos/policies/${id}/bandwidth_limit_rules?direction=ingress`)).body['bandwidth_limit_rules']).toEqual([ingress]);
      expect((await admin.get(`/qos/policies/${id}/bandwidth_limit_rules/${String(ingress['id'])}`)).body['bandwidth_limit_rule']).toEqual(ingress);
      const turned = await admin.put(`/qos/policies/${id}/bandwidth_limit_rules/${String(ingress['id'])}`, { bandwidth_limit_rule: { direction: 'egress' } });
      expect([turned.status, errorType(turned.body)]).toEqual([409, 'QoSRulesConflict']);
      const updated = await admin.put(`/qos/policies/${id}/bandwidth_limit_rules/${String(ingress['id'])}`, { bandwidth_limit_rule: { max_kbps: 3000 } });
      expect(updated.body['bandwidth_limit_rule']).toEqual({ ...ingress, max_kbps: 3000 });
      const shown = (await admin.get(`/qos/policies/${id}`)).body['policy'] as Dict;
      expect(shown['rules']).toEqual(
        expect.arrayContaining([
          { ...egress, qos_policy_id: id, type: 'bandwidth_limit' },
          { ...ingress, max_kbps: 3000, qos_policy_id: id, type: 'bandwidth_limit' },
        ]),
      );
      expect(shown['revision_number']).toBe(3);
      expect((await admin.delete(`/qos/policies/${id}/bandwidth_limit_rules/${String(egress['id'])}`)).status).toBe(204);
      const gone = await admin.get(`/qos/policies/${id}/bandwidth_limit_rules/${String(egress['id'])}`);
      expect([gone.status, errorType(gone.body)]).toEqual([404, 'QosRuleNotFound']);
    });

    it("validates rule values with neutron's validators", async () => {
      const id = await policy();
      for (const [collection, body] of [
        ['bandwidth_limit_rules', { max_kbps: -1 }],
        ['bandwidth_limit_rules', { max_kbps: 10, direction: 'sideways' }],
        ['bandwidth_limit_rules', { max_kbps: 'fast' }],
        ['bandwidth_limit_rules', {}],
        ['dscp_marking_rules', { dscp_mark: 7 }],
        ['minimum_bandwidth_rules', { min_kbps: 2 ** 31 }],
      ] as const) {
        const reply = await admin.post(`/qos/policies/${id}/${collection}`, { [collection.slice(0, -1)]: body });
        expect(reply.status, `${collection} ${JSON.stringify(body)}: ${JSON.stringify(reply.body)}`).toBe(400);
        expect(errorType(reply.body)).toEqual(expect.stringMatching(/^(HTTPBadRequest|InvalidInput)$/));
      }
      const unknown = await admin.post(`/qos/policies/${id}/bandwidth_limit_rules`, { bandwidth_limit_rule: { max_kbps: 1, max_kpps: 1 } });
      expect(unknown.status).toBe(400);
    });

    it('keeps one DSCP rule per policy and a minimum bandwidth under the limit', async () => {
      const id = await policy();
      const dscp = await rule(id, 'dscp_marking_rules', { dscp_mark: 26 });
      expect(dscp).toEqual({ id: expect.any(String), dscp_mark: 26 });
      const second = await admin.post(`/qos/policies/${id}/dscp_marking_rules`, { dscp_marking_rule: { dscp_mark: 34 } });
      expect([second.status, errorType(second.body)]).toEqual([409, 'QoSRulesConflict']);
      await rule(id, 'bandwidth_limit_rules', { max_kbps: 1000 });
      const tooHigh = await admin.post(`/qos/policies/${id}/minimum_bandwidth_rules`, { minimum_bandwidth_rule: { min_kbps: 2000 } });
      expect([tooHigh.status, errorType(tooHigh.body)]).toEqual([409, 'QoSRuleParameterConflict']);
      expect((tooHigh.body['NeutronError'] as Dict)['message']).toBe(
        `Unable to add the rule with value 2000 to the policy ${id} as the existing rule of type bandwidth_limit has value 1000.`,
      );
      const minimum = await rule(id, 'minimum_bandwidth_rules', { min_kbps: 500 });
      expect(minimum).toEqual({ id: expect.any(String), min_kbps: 500, direction: 'egress' });
      await rule(id, 'minimum_bandwidth_rules', { min_kbps: 100, direction: 'ingress' });
      const lowered = await admin.post(`/qos/policies/${id}/bandwidth_limit_rules`, { bandwidth_limit_rule: { max_kbps: 100, direction: 'ingress' } });
      expect([lowered.status, errorType(lowered.body)]).toEqual([409, 'QoSRuleParameterConflict']);
    });

    it('answers rules of unknown or invisible policies with QosPolicyNotFound, and deletes rules with their policy', async () => {
      const missing = await admin.post(`/qos/policies/${MISSING}/dscp_marking_rules`, { dscp_marking_rule: { dscp_mark: 8 } });
      expect([missing.status, errorType(missing.body)]).toEqual([404, 'QosPolicyNotFound']);
      const id = await policy();
      const dscp = await rule(id, 'dscp_marking_rules', { dscp_mark: 8 });
      const member = admin.as({ projectId: 'stranger', roles: ['member'] });
      const hidden = await member.get(`/qos/policies/${id}/dscp_marking_rules`);
      expect([hidden.status, errorType(hidden.body)]).toEqual([404, 'QosPolicyNotFound']);
      // Rules are admins' to write, as neutron checks before looking at the policy.
      const refused = await member.post(`/qos/policies/${id}/dscp_marking_rules`, { dscp_marking_rule: { dscp_mark: 8 } });
      expect([refused.status, errorType(refused.body)]).toEqual([403, 'PolicyNotAuthorized']);
      const ownPolicy = await admin.post('/qos/policies', { policy: { name: 'stranger-policy', project_id: 'stranger' } });
      const notAdmin = await member.post(`/qos/policies/${String((ownPolicy.body['policy'] as Dict)['id'])}/dscp_marking_rules`, {
        dscp_marking_rule: { dscp_mark: 8 },
      });
      expect([notAdmin.status, errorType(notAdmin.body)]).toEqual([403, 'PolicyNotAuthorized']);
      const otherPolicy = await policy();
      const wrongParent = await admin.get(`/qos/policies/${otherPolicy}/dscp_marking_rules/${String(dscp['id'])}`);
      expect([wrongParent.status, errorType(wrongParent.body)]).toEqual([404, 'QosRuleNotFound']);
      expect((await admin.delete(`/qos/policies/${id}`)).status).toBe(204);
      expect((await admin.get(`/qos/alias-dscp-marking-rules/${String(dscp['id'])}`)).status).toBe(404);
    });

    it('serves rules by id alone through the alias API', async () => {
      const id = await policy();
      const limit = await rule(id, 'bandwidth_limit_rules', { max_kbps: 1000 });
      const minimum = await rule(id, 'minimum_bandwidth_rules', { min_kbps: 10 });
      expect((await admin.get(`/qos/alias-bandwidth-limit-rules/${String(limit['id'])}`)).body['alias_bandwidth_limit_rule']).toEqual(limit);
      const updated = await admin.put(`/qos/alias-minimum-bandwidth-rules/${String(minimum['id'])}`, { alias_minimum_bandwidth_rule: { min_kbps: 20 } });
      expect(updated.status, JSON.stringify(updated.body)).toBe(200);
      expect(updated.body['alias_minimum_bandwidth_rule']).toEqual({ ...minimum, min_kbps: 20 });
      expect((await admin.get(`/qos/policies/${id}/minimum_bandwidth_rules/${String(minimum['id'])}`)).body['minimum_bandwidth_rule']).toMatchObject({
        min_kbps: 20,
      });
      const tooHigh = await admin.put(`/qos/alias-minimum-bandwidth-rules/${String(minimum['id'])}`, { alias_minimum_bandwidth_rule: { min_kbps: 5000 } });
      expect([tooHigh.status, errorType(tooHigh.body)]).toEqual([409, 'QoSRuleParameterConflict']);
      const notPostable = await admin.put(`/qos/alias-bandwidth-limit-rules/${String(limit['id'])}`, { alias_bandwidth_limit_rule: { id: MISSING } });
      expect(notPostable.status).toBe(400);
      expect((await admin.delete(`/qos/alias-bandwidth-limit-rules/${String(limit['id'])}`)).status).toBe(204);
      const gone = await admin.get(`/qos/alias-bandwidth-limit-rules/${String(limit['id'])}`);
      expect([gone.status, errorType(gone.body)]).toEqual([404, 'QosRuleNotFound']);
      // The alias of one type does not reach rules of another.
      expect((await admin.get(`/qos/alias-dscp-marking-rules/${String(minimum['id'])}`)).status).toBe(404);
      expect((await admin.as({ projectId: 'x', roles: ['member'] }).delete(`/qos/alias-minimum-bandwidth-rules/${String(minimum['id'])}`)).status).toBe(404);
    });
  });
}
