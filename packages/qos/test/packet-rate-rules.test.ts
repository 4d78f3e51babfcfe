import type { ApiClient, TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPolicy, createRule, dialects, errorType, startQosServer, type Dict } from './helpers.js';

const MISSING = '8a6c2f1e-0000-4000-8000-000000000000';

// qos-pps, qos-pps-minimum and qos-pps-minimum-rule-alias.
for (const dialect of dialects) {
  describe(`QoS packet rate rules on ${dialect}`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let alice: ApiClient;

    beforeAll(async () => {
      server = await startQosServer(dialect);
      admin = server.client;
      alice = admin.as({ projectId: 'alice', roles: ['member'] });
    }, 120_000);
    afterAll(async () => server?.stop());

    const policy = (): Promise<string> => createPolicy(admin, 'pps');
    const rule = (policyId: string, collection: string, body: Dict): Promise<Dict> => createRule(admin, policyId, collection, body);

    it('announces the three extensions', async () => {
      const aliases = ((await admin.get('/extensions')).body['extensions'] as Dict[]).map((e) => e['alias']);
      expect(aliases).toEqual(expect.arrayContaining(['qos-pps', 'qos-pps-minimum', 'qos-pps-minimum-rule-alias']));
    });

    it('creates, lists, updates and deletes packet rate limit rules, one per direction, validated and written by admins only', async () => {
      const id = await policy();
      const egress = await rule(id, 'packet_rate_limit_rules', { max_kpps: '1000' });
      expect(egress).toEqual({ id: expect.any(String), max_kpps: 1000, max_burst_kpps: 0, direction: 'egress' });
      const ingress = await rule(id, 'packet_rate_limit_rules', { max_kpps: 2000, max_burst_kpps: 100, direction: 'ingress' });
      const again = await admin.post(`/qos/policies/${id}/packet_rate_limit_rules`, { packet_rate_limit_rule: { max_kpps: 5 } });
      expect([again.status, errorType(again.body)]).toEqual([409, 'QoSRulesConflict']);
      expect((again.body['NeutronError'] as Dict)['message']).toBe(
        `Rule packet_rate_limit conflicts with rule ${String(egress['id'])} which already exists in QoS Policy ${id}.`,
      );
      for (const [body, type] of [
        [{ max_kpps: -1 }, 'HTTPBadRequest'],
        [{ max_kpps: 10, direction: 'any' }, 'HTTPBadRequest'],
        [{ max_kpps: 'fast' }, 'InvalidInput'],
      ] as const) {
        const bad = await admin.post(`/qos/policies/${id}/packet_rate_limit_rules`, { packet_rate_limit_rule: body });
        expect([bad.status, errorType(bad.body)], JSON.stringify(body)).toEqual([400, type]);
      }
      const listed = (await admin.get(`/qos/policies/${id}/packet_rate_limit_rules?direction=ingress`)).body['packet_rate_limit_rules'];
      expect(listed).toEqual([ingress]);
      const updated = await admin.put(`/qos/policies/${id}/packet_rate_limit_rules/${String(ingress['id'])}`, { packet_rate_limit_rule: { max_kpps: 3000 } });
      expect(updated.body['packet_rate_limit_rule']).toEqual({ ...ingress, max_kpps: 3000 });
      const shown = (await admin.get(`/qos/policies/${id}`)).body['policy'] as Dict;
      expect(shown['rules']).toEqual(expect.arrayContaining([{ ...egress, qos_policy_id: id, type: 'packet_rate_limit' }]));
      expect(shown['revision_number']).toBe(3);
      const refused = await alice.post(`/qos/policies/${id}/packet_rate_limit_rules`, { packet_rate_limit_rule: { max_kpps: 1 } });
      expect(refused.status).toBe(403);
      expect((await admin.delete(`/qos/policies/${id}/packet_rate_limit_rules/${String(egress['id'])}`)).status).toBe(204);
      const gone = await admin.get(`/qos/policies/${id}/packet_rate_limit_rules/${String(egress['id'])}`);
      expect([gone.status, errorType(gone.body)]).toEqual([404, 'QosRuleNotFound']);
    });

    it("keeps a policy's minimum packet rate rules all for `any` direction or all directional (QoSRuleParameterConflict)", async () => {
      const anyPolicy = await policy();
      const any = await rule(anyPolicy, 'minimum_packet_rate_rules', { min_kpps: 10, direction: 'any' });
      expect(any).toEqual({ id: expect.any(String), min_kpps: 10, direction: 'any' });
      const mixed = await admin.post(`/qos/policies/${anyPolicy}/minimum_packet_rate_rules`, { minimum_packet_rate_rule: { min_kpps: 5 } });
      expect([mixed.status, errorType(mixed.body)]).toEqual([409, 'QoSRuleParameterConflict']);
      expect((mixed.body['NeutronError'] as Dict)['message']).toBe(
        `Unable to add the rule with value egress to the policy ${anyPolicy} as the existing rule of type minimum_packet_rate has value any.`,
      );
      const twice = await admin.post(`/qos/policies/${anyPolicy}/minimum_packet_rate_rules`, { minimum_packet_rate_rule: { min_kpps: 5, direction: 'any' } });
      expect([twice.status, errorType(twice.body)]).toEqual([409, 'QoSRulesConflict']);
      const directional = await policy();
      const egress = await rule(directional, 'minimum_packet_rate_rules', { min_kpps: 20 });
      const ingress = await rule(directional, 'minimum_packet_rate_rules', { min_kpps: 30, direction: 'ingress' });
      const turned = await admin.put(`/qos/policies/${directional}/minimum_packet_rate_rules/${String(ingress['id'])}`, {
        minimum_packet_rate_rule: { direction: 'any' },
      });
      expect([turned.status, errorType(turned.body)]).toEqual([409, 'QoSRuleParameterConflict']);
      const missingValue = await admin.post(`/qos/policies/${directional}/minimum_packet_rate_rules`, {
        minimum_packet_rate_rule: { direction: 'sideways', min_kpps: 1 },
      });
      expect(missingValue.status).toBe(400);
      expect(((await admin.get(`/qos/policies/${directional}`)).body['policy'] as Dict)['rules']).toEqual(
        [
          { ...egress, qos_policy_id: directional, type: 'minimum_packet_rate' },
          { ...ingress, qos_policy_id: directional, type: 'minimum_packet_rate' },
        ].sort((a, b) => String(a['id']).localeCompare(String(b['id']))),
      );
    });

    it('shows, updates and deletes a minimum packet rate rule by its id alone (qos-pps-minimum-rule-alias)', async () => {
      const id = await policy();
      const created = await rule(id, 'minimum_packet_rate_rules', { min_kpps: 40, direction: 'ingress' });
      const path = `/qos/alias-minimum-packet-rate-rules/${String(created['id'])}`;
      expect((await admin.get(path)).body['alias_minimum_packet_rate_rule']).toEqual(created);
      const updated = await admin.put(path, { alias_minimum_packet_rate_rule: { min_kpps: 50 } });
      expect([updated.status, updated.body['alias_minimum_packet_rate_rule']]).toEqual([200, { ...created, min_kpps: 50 }]);
      const bad = await admin.put(path, { alias_minimum_packet_rate_rule: { direction: 'sideways' } });
      expect(bad.status).toBe(400);
      // Zed's new default lets project readers and admins read the rule; others do not see it at all.
      expect((await alice.put(path, { alias_minimum_packet_rate_rule: { min_kpps: 1 } })).status).toBe(404);
      expect((await admin.delete(path)).status).toBe(204);
      const gone = await admin.get(path);
      expect([gone.status, errorType(gone.body)]).toEqual([404, 'QosRuleNotFound']);
      expect((await admin.get(`/qos/alias-minimum-packet-rate-rules/${MISSING}`)).status).toBe(404);
    });

    it('refuses minimum packet rate changes on a policy compute ports use (Placement would track them), not packet rate limits', async () => {
      const id = await policy();
      const net = (await admin.post('/networks', { network: { name: 'pps-net', 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet1' } }))
        .body['network'] as Dict;
      const port = await admin.post('/ports', { port: { network_id: net['id'], device_owner: 'compute:nova', qos_policy_id: id } });
      expect(port.status).toBe(201);
      const refused = await admin.post(`/qos/policies/${id}/minimum_packet_rate_rules`, { minimum_packet_rate_rule: { min_kpps: 10 } });
      expect([refused.status, errorType(refused.body)]).toEqual([501, 'NotImplementedError']);
      // A packet rate limit is no Placement resource: it is added.
      await rule(id, 'packet_rate_limit_rules', { max_kpps: 10 });
    });
  });
}
