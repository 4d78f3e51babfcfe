import type { ApiClient, TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMBER, OTHER, addressScope, aliases, created, dialects, failure, ok, startAddressScopeServer, subnetpool, type Dict } from './helpers.js';

const THIRD = { projectId: 'project-c', userId: 'user-c', roles: ['member', 'reader'] };

/*
 * rbac-address-scope and rbac-subnetpool with ML2 and this package, as
 * neutron_tempest_plugin's RbacAddressScopeTest and RbacSubnetPoolTest ask
 * them of neutron: entries on /v2.0/rbac-policies share a scope or a pool
 * with a project, which then sees it (`shared` true for it), uses it, and
 * keeps the entry while it does.
 */
describe.each(dialects)('address scope and subnet pool RBAC on %s', (dialect) => {
  let server: TestServer;
  let admin: ApiClient;
  let member: ApiClient;
  let other: ApiClient;
  let third: ApiClient;
  const share = (client: ApiClient, objectType: string, objectId: unknown, target: string) =>
    client.post('/rbac-policies', { rbac_policy: { object_type: objectType, object_id: objectId, action: 'access_as_shared', target_tenant: target } });

  beforeAll(async () => {
    server = await startAddressScopeServer(dialect);
    admin = server.client;
    member = admin.as(MEMBER);
    other = admin.as(OTHER);
    third = admin.as(THIRD);
  }, 240_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('lists rbac-address-scope and rbac-subnetpool', async () => {
    expect(await aliases(server)).toEqual(expect.arrayContaining(['rbac-policies', 'rbac-address-scope', 'rbac-subnetpool']));
  });

  it("shares an admin's scope with one project: it sees the scope, puts a pool in it, and the entry stays while it does", async () => {
    const scope = await addressScope(admin);
    failure(await member.get(`/address-scopes/${scope['id']}`), 404, 'AddressScopeNotFound');
    const entry = created(await share(admin, 'address_scope', scope['id'], MEMBER.projectId), 'rbac_policy');
    expect(entry).toMatchObject({
      object_type: 'address_scope',
      object_id: scope['id'],
      target_tenant: MEMBER.projectId,
      project_id: admin.identity.projectId,
    });
    expect(ok(await member.get(`/address-scopes/${scope['id']}`), 'address_scope')['shared']).toBe(true);
    expect(ok(await admin.get(`/address-scopes/${scope['id']}`), 'address_scope')['shared']).toBe(false);
    failure(await other.get(`/address-scopes/${scope['id']}`), 404, 'AddressScopeNotFound');
    // The target may not share it on (validate_rbac_policy_change), nor see the entry.
    failure(await share(member, 'address_scope', scope['id'], OTHER.projectId), 400, 'InvalidInput');
    expect((await member.get('/rbac-policies')).body['rbac_policies']).toEqual([]);
    const pool = created(await subnetpool(member, { address_scope_id: scope['id'] }), 'subnetpool');
    failure(await admin.delete(`/rbac-policies/${String(entry['id'])}`), 409, 'RbacPolicyInUse');
    expect((await member.delete(`/subnetpools/${String(pool['id'])}`)).status).toBe(204);
    expect((await admin.delete(`/rbac-policies/${String(entry['id'])}`)).status).toBe(204);
    failure(await member.get(`/address-scopes/${scope['id']}`), 404, 'AddressScopeNotFound');
  });

  it("a scope created shared is its entry for '*', which lists and which it cannot lose", async () => {
    const scope = await addressScope(admin, { shared: true });
    expect(scope['shared']).toBe(true);
    const entries = (await admin.get(`/rbac-policies?object_id=${String(scope['id'])}`)).body['rbac_policies'] as Dict[];
    expect(entries).toEqual([expect.objectContaining({ object_type: 'address_scope', target_tenant: '*', action: 'access_as_shared' })]);
    expect(ok(await other.get(`/address-scopes/${scope['id']}`), 'address_scope')['shared']).toBe(true);
    failure(await admin.put(`/address-scopes/${scope['id']}`, { address_scope: { shared: false } }), 400, 'AddressScopeUpdateError');
    const own = await addressScope(admin);
    expect(ok(await admin.put(`/address-scopes/${own['id']}`, { address_scope: { shared: true } }), 'address_scope')['shared']).toBe(true);
    expect(ok(await third.get(`/address-scopes/${own['id']}`), 'address_scope')['shared']).toBe(true);
  });

  it('shares a subnet pool with a project: it sees the pool and allocates from it, and the entry stays while its subnets do', async () => {
    const pool = created(await subnetpool(admin, { prefixes: ['10.20.0.0/16'], min_prefixlen: '24', default_prefixlen: 24 }), 'subnetpool');
    failure(await other.get(`/subnetpools/${pool['id']}`), 404, 'SubnetPoolNotFound');
    const entry = created(await share(admin, 'subnetpool', pool['id'], OTHER.projectId), 'rbac_policy');
    expect(entry['object_type']).toBe('subnetpool');
    expect(ok(await other.get(`/subnetpools/${pool['id']}`), 'subnetpool')['shared']).toBe(true);
    expect(((await other.get('/subnetpools?shared=true')).body['subnetpools'] as Dict[]).map((item) => item['id'])).toContain(pool['id']);
    failure(await third.get(`/subnetpools/${pool['id']}`), 404, 'SubnetPoolNotFound');
    const network = created(await other.post('/networks', { network: { name: 'rbac-subnetpool' } }), 'network');
    const subnet = created(await other.post('/subnets', { subnet: { network_id: network['id'], ip_version: 4, subnetpool_id: pool['id'] } }), 'subnet');
    failure(await admin.delete(`/rbac-policies/${String(entry['id'])}`), 409, 'RbacPolicyInUse');
    // Moving the entry to another project takes the access away too.
    failure(await admin.put(`/rbac-policies/${String(entry['id'])}`, { rbac_policy: { target_tenant: THIRD.projectId } }), 409, 'RbacPolicyInUse');
    expect((await other.delete(`/subnets/${String(subnet['id'])}`)).status).toBe(204);
    const moved = ok(await admin.put(`/rbac-policies/${String(entry['id'])}`, { rbac_policy: { target_tenant: THIRD.projectId } }), 'rbac_policy');
    expect(moved).toEqual({ ...entry, target_tenant: THIRD.projectId });
    expect(ok(await third.get(`/subnetpools/${pool['id']}`), 'subnetpool')['shared']).toBe(true);
    failure(await other.get(`/subnetpools/${pool['id']}`), 404, 'SubnetPoolNotFound');
    await other.delete(`/networks/${String(network['id'])}`);
  });

  it("a pool created shared is its entry for '*'", async () => {
    const pool = created(await subnetpool(admin, { prefixes: ['10.30.0.0/16'], shared: true }), 'subnetpool');
    expect(pool['shared']).toBe(true);
    const entries = (await admin.get(`/rbac-policies?object_id=${String(pool['id'])}`)).body['rbac_policies'] as Dict[];
    expect(entries).toEqual([expect.objectContaining({ object_type: 'subnetpool', target_tenant: '*', project_id: pool['project_id'] })]);
    expect(ok(await third.get(`/subnetpools/${pool['id']}`), 'subnetpool')['shared']).toBe(true);
  });

  it('shares a pool in a scope only with a project that sees the scope (test_cannot_share_if_no_access_to_address_scope)', async () => {
    const scope = await addressScope(admin);
    const scopeEntry = created(await share(admin, 'address_scope', scope['id'], MEMBER.projectId), 'rbac_policy');
    const pool = created(await subnetpool(member, { prefixes: ['10.40.0.0/24'], address_scope_id: scope['id'] }), 'subnetpool');
    const refused = failure(await share(member, 'subnetpool', pool['id'], OTHER.projectId), 400, 'InvalidInput');
    expect(refused).toContain("target project doesn't have access to associated address scope");
    created(await share(admin, 'address_scope', scope['id'], OTHER.projectId), 'rbac_policy');
    created(await share(member, 'subnetpool', pool['id'], OTHER.projectId), 'rbac_policy');
    expect((await member.delete(`/subnetpools/${String(pool['id'])}`)).status).toBe(204);
    expect((await admin.delete(`/rbac-policies/${String(scopeEntry['id'])}`)).status).toBe(204);
  });
});
