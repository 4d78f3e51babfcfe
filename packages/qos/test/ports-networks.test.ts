import type { ApiClient, TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, errorType, startQosServer, type Dict } from './helpers.js';

const MISSING = '8a6c2f1e-0000-4000-8000-000000000000';

for (const dialect of dialects) {
  describe(`qos_policy_id on ports and networks on ${dialect}`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let alice: ApiClient;

    beforeAll(async () => {
      server = await startQosServer(dialect);
      admin = server.client;
      alice = admin.as({ projectId: 'alice', roles: ['member'] });
    }, 120_000);
    afterAll(async () => server?.stop());

    async function ok(reply: Promise<{ status: number; body: Dict }>, status = 201): Promise<Dict> {
      const { status: got, body } = await reply;
      expect(got, JSON.stringify(body)).toBe(status);
      return body;
    }
    async function policy(body: Dict, rules: Record<string, Dict> = {}): Promise<string> {
      const id = String(((await ok(admin.post('/qos/policies', { policy: body }))).policy as Dict)['id']);
      for (const [collection, rule] of Object.entries(rules)) await ok(admin.post(`/qos/policies/${id}/${collection}`, { [collection.slice(0, -1)]: rule }));
      return id;
    }
    const network = async (client: ApiClient, body: Dict): Promise<Dict> => (await ok(client.post('/networks', { network: body }))).network as Dict;
    const port = async (client: ApiClient, body: Dict): Promise<Dict> => (await ok(client.post('/ports', { port: body }))).port as Dict;

    it('attaches a policy to a port, shows its network policy, detaches it and refuses to delete a policy in use', async () => {
      const netPolicy = await policy({ name: 'net' }, { dscp_marking_rules: { dscp_mark: 10 } });
      const portPolicy = await policy({ name: 'port' }, { bandwidth_limit_rules: { max_kbps: 1000 } });
      const net = await network(admin, { name: 'n1', qos_policy_id: netPolicy });
      expect(net['qos_policy_id']).toBe(netPolicy);
      const p = await port(admin, { network_id: net['id'], qos_policy_id: portPolicy });
      expect(p).toMatchObject({ qos_policy_id: portPolicy, qos_network_policy_id: netPolicy });
      expect(((await admin.get(`/ports/${String(p['id'])}`)).body['port'] as Dict)['qos_policy_id']).toBe(portPolicy);
      const inUse = await admin.delete(`/qos/policies/${portPolicy}`);
      expect([inUse.status, errorType(inUse.body)]).toEqual([409, 'QosPolicyInUse']);
      expect((inUse.body['NeutronError'] as Dict)['message']).toBe(`QoS Policy ${portPolicy} is used by port ${String(p['id'])}.`);
      const detached = (await ok(admin.put(`/ports/${String(p['id'])}`, { port: { qos_policy_id: null } }), 200)).port as Dict;
      expect(detached).toMatchObject({ qos_policy_id: null, qos_network_policy_id: netPolicy });
      expect((await admin.delete(`/qos/policies/${portPolicy}`)).status).toBe(204);
      const netInUse = await admin.delete(`/qos/policies/${netPolicy}`);
      expect([netInUse.status, (netInUse.body['NeutronError'] as Dict)['message']]).toEqual([
        409,
        `QoS Policy ${netPolicy} is used by network ${String(net['id'])}.`,
      ]);
      // The binding goes with its network.
      expect((await admin.delete(`/ports/${String(p['id'])}`)).status).toBe(204);
      expect((await admin.delete(`/networks/${String(net['id'])}`)).status).toBe(204);
      expect((await admin.delete(`/qos/policies/${netPolicy}`)).status).toBe(204);
    });

    it('changes a network policy, which its ports without one show', async () => {
      const first = await policy({ name: 'first' });
      const second = await policy({ name: 'second' });
      const net = await network(admin, { name: 'n2' });
      expect(net['qos_policy_id']).toBeNull();
      expect(((await ok(admin.put(`/networks/${String(net['id'])}`, { network: { qos_policy_id: first } }), 200)).network as Dict)['qos_policy_id']).toBe(
        first,
      );
      const p = await port(admin, { network_id: net['id'] });
      expect(p).toMatchObject({ qos_policy_id: null, qos_network_policy_id: first });
      await ok(admin.put(`/networks/${String(net['id'])}`, { network: { qos_policy_id: second } }), 200);
      expect(((await admin.get(`/ports/${String(p['id'])}`)).body['port'] as Dict)['qos_network_policy_id']).toBe(second);
      // As in neutron, qos_policy_id is no filter.
      expect((await admin.get(`/networks?qos_policy_id=${second}`)).status).toBe(400);
      expect((await admin.delete(`/qos/policies/${first}`)).status).toBe(204);
    });

    it('refuses policies that do not exist or that the caller cannot see, and accepts shared ones', async () => {
      const unknown = await admin.post('/networks', { network: { name: 'n3', qos_policy_id: MISSING } });
      expect([unknown.status, errorType(unknown.body)]).toEqual([404, 'QosPolicyNotFound']);
      const badId = await admin.post('/networks', { network: { name: 'n3', qos_policy_id: 'not-a-uuid' } });
      expect([badId.status, errorType(badId.body)]).toEqual([400, 'HTTPBadRequest']);
      const privateOne = await policy({ name: 'bobs', project_id: 'bob' });
      const sharedOne = await policy({ name: 'public', project_id: 'bob', shared: true });
      const hidden = await alice.post('/networks', { network: { name: 'alice-net', qos_policy_id: privateOne } });
      expect([hidden.status, errorType(hidden.body)]).toEqual([404, 'QosPolicyNotFound']);
      expect(((await alice.get('/networks')).body['networks'] as Dict[]).map((n) => n['name'])).not.toContain('alice-net');
      const net = await network(alice, { name: 'alice-net', qos_policy_id: sharedOne });
      const p = await port(alice, { network_id: net['id'], qos_policy_id: sharedOne });
      expect(p['qos_policy_id']).toBe(sharedOne);
      const hiddenOnPort = await alice.put(`/ports/${String(p['id'])}`, { port: { qos_policy_id: privateOne } });
      expect([hiddenOnPort.status, errorType(hiddenOnPort.body)]).toEqual([404, 'QosPolicyNotFound']);
      // The failed update changed nothing.
      expect(((await alice.get(`/ports/${String(p['id'])}`)).body['port'] as Dict)['qos_policy_id']).toBe(sharedOne);
    });

    it("refuses to take away a policy the caller cannot see (neutron's PolicyRemoveAuthorizationError)", async () => {
      const privateOne = await policy({ name: 'admins-only', project_id: 'ops' });
      const net = await network(alice, { name: 'alice-net2' });
      const p = await port(alice, { network_id: net['id'] });
      await ok(admin.put(`/ports/${String(p['id'])}`, { port: { qos_policy_id: privateOne } }), 200);
      const removed = await alice.put(`/ports/${String(p['id'])}`, { port: { qos_policy_id: null } });
      expect([removed.status, errorType(removed.body)]).toEqual([403, 'PolicyRemoveAuthorizationError']);
      expect((removed.body['NeutronError'] as Dict)['message']).toBe(`Failed to remove provided policy ${privateOne} because you are not authorized.`);
    });

    it('checks that the loaded drivers can enforce the rules where the policy is attached', async () => {
      // openvswitch enforces minimum bandwidth only on networks whose first segment has a physical network.
      const minimum = await policy({ name: 'min' }, { minimum_bandwidth_rules: { min_kbps: 100 } });
      const tunnelled = await admin.post('/networks', { network: { name: 'vx', qos_policy_id: minimum } });
      expect([tunnelled.status, errorType(tunnelled.body)]).toEqual([409, 'QosRuleNotSupportedByNetwork']);
      const vx = await network(admin, { name: 'vx' });
      const onVx = await admin.post('/ports', { port: { network_id: vx['id'], qos_policy_id: minimum } });
      expect([onVx.status, errorType(onVx.body)]).toEqual([409, 'QosRuleNotSupported']);
      expect((onVx.body['NeutronError'] as Dict)['message']).toMatch(/^Rule minimum_bandwidth is not supported by port [0-9a-f-]{36}$/);
      const vlan = await network(admin, { name: 'vlan', 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet1', qos_policy_id: minimum });
      expect(vlan['qos_policy_id']).toBe(minimum);
      const onVlan = await port(admin, { network_id: vlan['id'] });
      expect(onVlan['qos_network_policy_id']).toBe(minimum);
      // A new rule is checked against every port the policy reaches.
      const limit = await policy({ name: 'limit' }, { bandwidth_limit_rules: { max_kbps: 1000 } });
      const vxPort = await port(admin, { network_id: vx['id'], qos_policy_id: limit });
      const unsupported = await admin.post(`/qos/policies/${limit}/minimum_bandwidth_rules`, { minimum_bandwidth_rule: { min_kbps: 10 } });
      expect([unsupported.status, errorType(unsupported.body)]).toEqual([409, 'QosRuleNotSupported']);
      expect((unsupported.body['NeutronError'] as Dict)['message']).toBe(`Rule minimum_bandwidth is not supported by port ${String(vxPort['id'])}`);
      expect((await admin.get(`/qos/policies/${limit}/minimum_bandwidth_rules`)).body['minimum_bandwidth_rules']).toEqual([]);
    });

    it("checks a policy's ports when a rule is added or changed, not when one is deleted (neutron's delete_policy_rule)", async () => {
      const id = await policy({ name: 'then-baremetal' }, { dscp_marking_rules: { dscp_mark: 10 }, bandwidth_limit_rules: { max_kbps: 1000 } });
      const p = await port(admin, { network_id: (await network(admin, { name: 'bm' }))['id'], qos_policy_id: id });
      // A VNIC type change keeps the policy, which no driver now enforces on the port.
      await ok(admin.put(`/ports/${String(p['id'])}`, { port: { 'binding:vnic_type': 'baremetal' } }), 200);
      const limit = ((await admin.get(`/qos/policies/${id}/bandwidth_limit_rules`)).body['bandwidth_limit_rules'] as Dict[])[0]!;
      const changed = await admin.put(`/qos/policies/${id}/bandwidth_limit_rules/${String(limit['id'])}`, { bandwidth_limit_rule: { max_kbps: 2000 } });
      expect([changed.status, errorType(changed.body)]).toEqual([409, 'QosRuleNotSupported']);
      expect((await admin.delete(`/qos/policies/${id}/bandwidth_limit_rules/${String(limit['id'])}`)).status).toBe(204);
      const added = await admin.post(`/qos/policies/${id}/bandwidth_limit_rules`, { bandwidth_limit_rule: { max_kbps: 1000 } });
      expect([added.status, errorType(added.body)]).toEqual([409, 'QosRuleNotSupported']);
    });

    it('refuses minimum bandwidth changes on a policy compute ports use (Placement is not there)', async () => {
      const vlan = await network(admin, { name: 'vlan2', 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet1' });
      const id = await policy({ name: 'vm' }, { minimum_bandwidth_rules: { min_kbps: 100 } });
      await port(admin, { network_id: vlan['id'], qos_policy_id: id, device_owner: 'compute:nova', device_id: 'vm-1' });
      const refused = await admin.post(`/qos/policies/${id}/minimum_bandwidth_rules`, { minimum_bandwidth_rule: { min_kbps: 100, direction: 'ingress' } });
      expect([refused.status, errorType(refused.body)]).toEqual([501, 'NotImplementedError']);
      // Other rule types are not backed by Placement.
      await ok(admin.post(`/qos/policies/${id}/dscp_marking_rules`, { dscp_marking_rule: { dscp_mark: 18 } }));
    });
  });
}
