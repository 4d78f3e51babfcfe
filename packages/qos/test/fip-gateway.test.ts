import { resolve } from 'node:path';
import { buildIfStale, type ApiClient, type TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPolicy, dialects, errorType, packageDir, startQosServer, type Dict } from './helpers.js';

const l3 = resolve(packageDir, '..', 'l3');
const MISSING = '8a6c2f1e-0000-4000-8000-000000000000';

// qos-fip and qos-gateway-ip, with @net-server/l3 loaded after this plugin (service_plugins = qos,router).
for (const dialect of dialects) {
  describe(`QoS policies of floating IPs and router gateways on ${dialect}`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let alice: ApiClient;
    let publicNet: string;
    let policy: string;
    let entry: string;

    async function ok(reply: Promise<{ status: number; body: Dict }>, status = 201): Promise<Dict> {
      const { status: got, body } = await reply;
      expect(got, JSON.stringify(body)).toBe(status);
      return body;
    }

    beforeAll(async () => {
      buildIfStale(l3);
      server = await startQosServer(dialect, { servicePlugins: ['qos', 'router'], packages: [l3] });
      admin = server.client;
      alice = admin.as({ projectId: 'alice', roles: ['member'] });
      publicNet = String(((await ok(admin.post('/networks', { network: { name: 'public', 'router:external': true } }))).network as Dict)['id']);
      await ok(admin.post('/subnets', { subnet: { network_id: publicNet, ip_version: 4, cidr: '203.0.113.0/24' } }));
      policy = await createPolicy(admin, 'gold');
      entry = String(
        (
          (
            await ok(
              admin.post('/rbac-policies', {
                rbac_policy: { object_type: 'qos_policy', object_id: policy, action: 'access_as_shared', target_tenant: 'alice' },
              }),
            )
          ).rbac_policy as Dict
        )['id'],
      );
    }, 240_000);
    afterAll(async () => server?.stop());

    it('announces qos-fip and qos-gateway-ip', async () => {
      const aliases = ((await admin.get('/extensions')).body['extensions'] as Dict[]).map((e) => e['alias']);
      expect(aliases).toEqual(expect.arrayContaining(['qos-fip', 'qos-gateway-ip']));
    });

    it("keeps a floating IP's policy, one its project may use, and the policy and its sharing while it does", async () => {
      const fip = (await ok(alice.post('/floatingips', { floatingip: { floating_network_id: publicNet, qos_policy_id: policy } }))).floatingip as Dict;
      expect(fip['qos_policy_id']).toBe(policy);
      const path = `/floatingips/${String(fip['id'])}`;
      expect(((await ok(alice.get(path), 200)).floatingip as Dict)['qos_policy_id']).toBe(policy);
      const inUse = await admin.delete(`/qos/policies/${policy}`);
      expect([inUse.status, (inUse.body['NeutronError'] as Dict)['message']]).toEqual([409, `QoS Policy ${policy} is used by fip ${String(fip['id'])}.`]);
      const unshare = await admin.delete(`/rbac-policies/${entry}`);
      expect([unshare.status, errorType(unshare.body)]).toEqual([409, 'RbacPolicyInUse']);
      // As neutron Zed's update_floatingip: an update without qos_policy_id takes the policy away.
      expect(((await ok(alice.put(path, { floatingip: { description: 'web' } }), 200)).floatingip as Dict)['qos_policy_id']).toBeNull();
      expect(((await ok(alice.put(path, { floatingip: { qos_policy_id: policy } }), 200)).floatingip as Dict)['qos_policy_id']).toBe(policy);
      const hidden = await createPolicy(admin, 'not-for-alice');
      const refused = await alice.put(path, { floatingip: { qos_policy_id: hidden } });
      expect([refused.status, errorType(refused.body)]).toEqual([404, 'QosPolicyNotFound']);
      const missing = await alice.post('/floatingips', { floatingip: { floating_network_id: publicNet, qos_policy_id: MISSING } });
      expect([missing.status, errorType(missing.body)]).toEqual([404, 'QosPolicyNotFound']);
      expect((await alice.delete(path)).status).toBe(204);
      expect((await admin.delete(`/qos/policies/${hidden}`)).status).toBe(204);
    });

    it("keeps a router gateway's policy in external_gateway_info, which goes with the gateway", async () => {
      const router = (await ok(alice.post('/routers', { router: { name: 'r', external_gateway_info: { network_id: publicNet, qos_policy_id: policy } } })))
        .router as Dict;
      expect(router['external_gateway_info']).toMatchObject({ network_id: publicNet, qos_policy_id: policy });
      const path = `/routers/${String(router['id'])}`;
      expect(((await ok(alice.get(path), 200)).router as Dict)['external_gateway_info']).toMatchObject({ qos_policy_id: policy });
      const inUse = await admin.delete(`/qos/policies/${policy}`);
      expect([inUse.status, (inUse.body['NeutronError'] as Dict)['message']]).toEqual([409, `QoS Policy ${policy} is used by router ${String(router['id'])}.`]);
      // A gateway update without the key keeps the policy; null takes it away, and the gateway then shows none.
      const kept = (await ok(alice.put(path, { router: { external_gateway_info: { network_id: publicNet } } }), 200)).router as Dict;
      expect(kept['external_gateway_info']).toMatchObject({ qos_policy_id: policy });
      const cleared = (await ok(alice.put(path, { router: { external_gateway_info: { network_id: publicNet, qos_policy_id: null } } }), 200)).router as Dict;
      expect(cleared['external_gateway_info']).not.toHaveProperty('qos_policy_id');
      await ok(alice.put(path, { router: { external_gateway_info: { network_id: publicNet, qos_policy_id: policy } } }), 200);
      const bad = await alice.put(path, { router: { external_gateway_info: { network_id: publicNet, qos_policy_id: 'not-a-uuid' } } });
      expect(bad.status).toBe(400);
      // Removing the gateway, then the router, leaves no binding behind.
      expect(((await ok(alice.put(path, { router: { external_gateway_info: {} } }), 200)).router as Dict)['external_gateway_info']).toBeNull();
      await ok(alice.put(path, { router: { external_gateway_info: { network_id: publicNet, qos_policy_id: policy } } }), 200);
      expect((await alice.delete(path)).status).toBe(204);
      expect((await admin.delete(`/rbac-policies/${entry}`)).status).toBe(204);
      expect((await admin.delete(`/qos/policies/${policy}`)).status).toBe(204);
    });
  });
}
