import type { ApiClient, TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, errorType, startQosServer, type Dict } from './helpers.js';

const MISSING = '8a6c2f1e-0000-4000-8000-000000000000';

// neutron_tempest_plugin's RbacSharedQosPoliciesTest, as API tests.
for (const dialect of dialects) {
  describe(`qos_policy RBAC entries on ${dialect}`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let alice: ApiClient;
    let bob: ApiClient;
    let carol: ApiClient;

    beforeAll(async () => {
      server = await startQosServer(dialect);
      admin = server.client;
      alice = admin.as({ projectId: 'alice', roles: ['member'] });
      bob = admin.as({ projectId: 'bob', roles: ['member'] });
      carol = admin.as({ projectId: 'carol', roles: ['member'] });
    }, 120_000);
    afterAll(async () => server?.stop());

    async function ok(reply: Promise<{ status: number; body: Dict }>, status = 201): Promise<Dict> {
      const { status: got, body } = await reply;
      expect(got, JSON.stringify(body)).toBe(status);
      return body;
    }
    const policy = async (body: Dict): Promise<Dict> => (await ok(admin.post('/qos/policies', { policy: body }))).policy as Dict;
    const share = async (client: ApiClient, objectId: unknown, target: string): Promise<Dict> =>
      (
        await ok(
          client.post('/rbac-policies', { rbac_policy: { object_type: 'qos_policy', object_id: objectId, action: 'access_as_shared', target_tenant: target } }),
        )
      ).rbac_policy as Dict;
    const seen = async (client: ApiClient): Promise<unknown[]> => ((await client.get('/qos/policies')).body['policies'] as Dict[]).map((p) => p['id']);

    it('shares a policy with one project, which sees it as shared and uses it, and keeps the entry while it does', async () => {
      const shared = await policy({ name: 'to-bob', project_id: 'alice' });
      expect(await seen(bob)).not.toContain(shared['id']);
      const entry = await share(admin, shared['id'], 'bob');
      expect(entry).toMatchObject({
        object_type: 'qos_policy',
        object_id: shared['id'],
        action: 'access_as_shared',
        target_tenant: 'bob',
        project_id: 'testkit-project',
      });
      expect((await ok(bob.get(`/qos/policies/${String(shared['id'])}`), 200)).policy).toMatchObject({ id: shared['id'], shared: true, revision_number: 0 });
      expect(await seen(carol)).not.toContain(shared['id']);
      expect(((await ok(alice.get(`/qos/policies/${String(shared['id'])}`), 200)).policy as Dict)['shared']).toBe(false);
      const net = (await ok(bob.post('/networks', { network: { name: 'bob-net', qos_policy_id: shared['id'] } }))).network as Dict;
      const refused = await admin.delete(`/rbac-policies/${String(entry['id'])}`);
      expect([refused.status, errorType(refused.body)]).toEqual([409, 'RbacPolicyInUse']);
      const moved = await admin.put(`/rbac-policies/${String(entry['id'])}`, { rbac_policy: { target_tenant: 'carol' } });
      expect([moved.status, errorType(moved.body)]).toEqual([409, 'RbacPolicyInUse']);
      // A wildcard entry covers bob: his own entry may go, the wildcard may not.
      const wildcard = await share(admin, shared['id'], '*');
      expect((await admin.delete(`/rbac-policies/${String(entry['id'])}`)).status).toBe(204);
      const wildRefused = await admin.delete(`/rbac-policies/${String(wildcard['id'])}`);
      expect([wildRefused.status, errorType(wildRefused.body)]).toEqual([409, 'RbacPolicyInUse']);
      expect((await bob.delete(`/networks/${String(net['id'])}`)).status).toBe(204);
      expect((await admin.delete(`/rbac-policies/${String(wildcard['id'])}`)).status).toBe(204);
      expect(await seen(bob)).not.toContain(shared['id']);
    });

    it("makes `shared` the policy's entry for every project, refused off while another project uses it, without revising the policy", async () => {
      const created = await policy({ name: 'wild', project_id: 'alice', shared: true });
      const entries = (await ok(admin.get(`/rbac-policies?object_id=${String(created['id'])}`), 200)).rbac_policies as Dict[];
      expect(entries).toEqual([expect.objectContaining({ object_type: 'qos_policy', target_tenant: '*', action: 'access_as_shared', project_id: 'alice' })]);
      expect(await seen(carol)).toContain(created['id']);
      const net = (await ok(carol.post('/networks', { network: { name: 'carol-net', qos_policy_id: created['id'] } }))).network as Dict;
      const refused = await admin.put(`/qos/policies/${String(created['id'])}`, { policy: { shared: false } });
      expect([refused.status, errorType(refused.body)]).toEqual([409, 'RbacPolicyInUse']);
      expect((await carol.delete(`/networks/${String(net['id'])}`)).status).toBe(204);
      const unshared = (await ok(admin.put(`/qos/policies/${String(created['id'])}`, { policy: { shared: false } }), 200)).policy as Dict;
      expect(unshared).toMatchObject({ shared: false, revision_number: 0 });
      expect(await seen(carol)).not.toContain(created['id']);
      // Switching `shared` on again creates the entry for the caller's project; a project's own entry stays when it goes.
      const own = await share(admin, created['id'], 'carol');
      await ok(admin.put(`/qos/policies/${String(created['id'])}`, { policy: { shared: true } }), 200);
      const wild = ((await ok(admin.get(`/rbac-policies?object_id=${String(created['id'])}&target_tenant=*`), 200)).rbac_policies as Dict[])[0];
      expect(wild).toMatchObject({ project_id: 'testkit-project', target_tenant: '*' });
      await ok(admin.put(`/qos/policies/${String(created['id'])}`, { policy: { shared: false } }), 200);
      expect(((await ok(admin.get(`/rbac-policies?object_id=${String(created['id'])}`), 200)).rbac_policies as Dict[]).map((e) => e['id'])).toEqual([
        own['id'],
      ]);
      expect(((await ok(carol.get(`/qos/policies/${String(created['id'])}`), 200)).policy as Dict)['shared']).toBe(true);
      expect(((await ok(carol.get('/qos/policies?shared=true'), 200)).policies as Dict[]).map((p) => p['id'])).toContain(created['id']);
    });

    it("lets a policy's owner share it, hides the entry from its target, and refuses others, other actions and unknown policies", async () => {
      const mine = await policy({ name: 'alice-own', project_id: 'alice' });
      const entry = await share(alice, mine['id'], 'bob');
      expect((await ok(admin.get('/rbac-policies'), 200)).rbac_policies).toEqual(expect.arrayContaining([expect.objectContaining({ id: entry['id'] })]));
      expect(((await ok(bob.get('/rbac-policies'), 200)).rbac_policies as Dict[]).map((e) => e['id'])).not.toContain(entry['id']);
      expect(await seen(bob)).toContain(mine['id']);
      const notOwner = await carol.post('/rbac-policies', {
        rbac_policy: { object_type: 'qos_policy', object_id: mine['id'], action: 'access_as_shared', target_tenant: 'carol' },
      });
      expect([notOwner.status, errorType(notOwner.body)]).toEqual([400, 'InvalidInput']);
      const external = await admin.post('/rbac-policies', {
        rbac_policy: { object_type: 'qos_policy', object_id: mine['id'], action: 'access_as_external', target_tenant: 'bob' },
      });
      expect([external.status, errorType(external.body)]).toEqual([400, 'InvalidActionForType']);
      const missing = await admin.post('/rbac-policies', {
        rbac_policy: { object_type: 'qos_policy', object_id: MISSING, action: 'access_as_shared', target_tenant: 'bob' },
      });
      expect([missing.status, errorType(missing.body)]).toEqual([404, 'QosPolicyNotFound']);
      const duplicate = await alice.post('/rbac-policies', {
        rbac_policy: { object_type: 'qos_policy', object_id: mine['id'], action: 'access_as_shared', target_tenant: 'bob' },
      });
      expect([duplicate.status, errorType(duplicate.body)]).toEqual([409, 'DuplicateRbacPolicy']);
      const retargeted = (await ok(alice.put(`/rbac-policies/${String(entry['id'])}`, { rbac_policy: { target_tenant: 'carol' } }), 200)).rbac_policy as Dict;
      expect(retargeted).toMatchObject({ id: entry['id'], target_tenant: 'carol', object_type: 'qos_policy' });
      // The entries go with their policy.
      expect((await admin.delete(`/qos/policies/${String(mine['id'])}`)).status).toBe(204);
      expect((await admin.get(`/rbac-policies/${String(entry['id'])}`)).status).toBe(404);
    });
  });
}
