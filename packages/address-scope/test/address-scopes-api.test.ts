import type { ApiClient, TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMBER, OTHER, addressScope, aliases, created, dialects, failure, ok, startAddressScopeServer, subnetpool, type Dict } from './helpers.js';

const SCOPES = '/address-scopes';

/*
 * The address scope API as neutron_tempest_plugin's test_address_scopes
 * and test_address_scopes_negative call it (a member's client and an
 * admin's), with neutron's errors.
 */
describe.each(dialects)('address scopes through the REST API on %s', (dialect) => {
  let server: TestServer;
  let admin: ApiClient;
  let member: ApiClient;
  let other: ApiClient;

  beforeAll(async () => {
    server = await startAddressScopeServer(dialect);
    admin = server.client;
    member = admin.as(MEMBER);
    other = admin.as(OTHER);
  }, 240_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('announces address-scope, with the attributes it adds to subnet pools and networks', async () => {
    expect(await aliases(server)).toContain('address-scope');
    const model = server.api.model.resources;
    expect(Object.keys(model.get('address_scopes')?.attributes ?? {}).sort()).toEqual(['id', 'ip_version', 'name', 'project_id', 'shared', 'tenant_id']);
    expect(model.get('subnetpools')?.attributes['address_scope_id']).toMatchObject({ allowPost: true, allowPut: true });
    expect(model.get('networks')?.attributes['ipv4_address_scope']).toMatchObject({ allowPost: false, isVisible: true });
  });

  it("creates, lists, shows, renames and deletes a member's scope (test_address_scopes)", async () => {
    const made = await addressScope(member);
    expect(made).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'smoke-address-scope',
      shared: false,
      ip_version: 4,
      project_id: MEMBER.projectId,
      tenant_id: MEMBER.projectId,
    });
    const id = String(made['id']);
    const listed = (await member.get(SCOPES)).body['address_scopes'] as Dict[];
    expect(listed.map((scope) => scope['id'])).toContain(id);
    expect(ok(await member.get(`${SCOPES}/${id}`), 'address_scope')).toEqual(made);

    expect(ok(await member.put(`${SCOPES}/${id}`, { address_scope: { name: 'new_name' } }), 'address_scope')).toEqual({ ...made, name: 'new_name' });
    expect(ok(await member.get(`${SCOPES}/${id}`), 'address_scope')['name']).toBe('new_name');

    expect((await member.delete(`${SCOPES}/${id}`)).status).toBe(204);
    failure(await member.get(`${SCOPES}/${id}`), 404, 'AddressScopeNotFound');
  });

  it('lets an admin share a scope, at creation or later, which every project then sees', async () => {
    const shared = await addressScope(admin, { shared: true, ip_version: 6 });
    expect(shared).toMatchObject({ shared: true, ip_version: 6, project_id: 'testkit-project' });
    expect(ok(await other.get(`${SCOPES}/${String(shared['id'])}`), 'address_scope')).toEqual(shared);

    const later = await addressScope(member);
    const id = String(later['id']);
    failure(await other.get(`${SCOPES}/${id}`), 404, 'AddressScopeNotFound');
    expect(ok(await admin.put(`${SCOPES}/${id}`, { address_scope: { name: 'new_name', shared: true } }), 'address_scope')).toMatchObject({
      name: 'new_name',
      shared: true,
    });
    expect(ok(await other.get(`${SCOPES}/${id}`), 'address_scope')['shared']).toBe(true);
    // Seen, not theirs: another project may not rename or delete it.
    expect((await other.put(`${SCOPES}/${id}`, { address_scope: { name: 'mine' } })).status).toBe(403);
    expect((await other.delete(`${SCOPES}/${id}`)).status).toBe(403);

    const ids = (reply: { body: Dict }) => (reply.body['address_scopes'] as Dict[]).map((scope) => scope['id']);
    const v6 = ids(await other.get(`${SCOPES}?ip_version=6`));
    expect(v6).toContain(shared['id']);
    expect(v6).not.toContain(id);
    expect(ids(await other.get(`${SCOPES}?shared=false`))).toEqual([]);
  });

  it('refuses members sharing or unsharing, and anyone unsharing (test_address_scopes_negative)', async () => {
    expect((await member.post(SCOPES, { address_scope: { name: 's', ip_version: 4, shared: true } })).status).toBe(403);
    const mine = String((await addressScope(member))['id']);
    expect((await member.put(`${SCOPES}/${mine}`, { address_scope: { name: 'new_name', shared: true } })).status).toBe(403);
    expect((await member.put(`${SCOPES}/${mine}`, { address_scope: { name: 'new_name', shared: false } })).status).toBe(403);

    const shared = String((await addressScope(admin, { shared: true }))['id']);
    const message = failure(await admin.put(`${SCOPES}/${shared}`, { address_scope: { name: 'new-name', shared: false } }), 400, 'AddressScopeUpdateError');
    expect(message).toBe(`Unable to update address scope ${shared} : Shared address scope can't be unshared.`);
    expect(ok(await admin.get(`${SCOPES}/${shared}`), 'address_scope')).toMatchObject({ name: 'smoke-address-scope', shared: true });
  });

  it('answers 404 for scopes that do not exist or that the caller cannot see', async () => {
    for (const missing of ['address_scope-1234', '9bd7ac0f-6c77-4fc1-86f4-1bd3a9c3ac0e']) {
      failure(await member.get(`${SCOPES}/${missing}`), 404, 'AddressScopeNotFound');
      failure(await member.delete(`${SCOPES}/${missing}`), 404, 'AddressScopeNotFound');
      failure(await member.put(`${SCOPES}/${missing}`, { address_scope: { name: 'foo-name' } }), 404, 'AddressScopeNotFound');
    }
    const admins = String((await addressScope(admin))['id']);
    failure(await member.get(`${SCOPES}/${admins}`), 404, 'AddressScopeNotFound');
    expect((await member.get(SCOPES)).body['address_scopes']).not.toContainEqual(expect.objectContaining({ id: admins }));
  });

  it('needs an IP version of 4 or 6, fixed once created', async () => {
    failure(await member.post(SCOPES, { address_scope: { name: 'x' } }), 400, 'HTTPBadRequest');
    failure(await member.post(SCOPES, { address_scope: { name: 'x', ip_version: 5 } }), 400, 'HTTPBadRequest');
    const id = String((await addressScope(member))['id']);
    failure(await member.put(`${SCOPES}/${id}`, { address_scope: { ip_version: 6 } }), 400, 'HTTPBadRequest');
  });

  it('refuses to delete a scope a subnet pool is in (AddressScopeInUse), until the pool leaves it', async () => {
    const id = String((await addressScope(member))['id']);
    const pool = created(await subnetpool(member, { address_scope_id: id }), 'subnetpool');
    const message = failure(await member.delete(`${SCOPES}/${id}`), 409, 'AddressScopeInUse');
    expect(message).toBe(`Unable to complete operation on address scope ${id}. There are one or more subnet pools in use on the address scope.`);
    ok(await member.put(`/subnetpools/${String(pool['id'])}`, { subnetpool: { address_scope_id: null } }), 'subnetpool');
    expect((await member.delete(`${SCOPES}/${id}`)).status).toBe(204);
  });

  it('creates scopes in bulk, all or none', async () => {
    const both = await member.post(SCOPES, {
      address_scopes: [
        { name: 'a', ip_version: 4 },
        { name: 'b', ip_version: 6 },
      ],
    });
    expect(both.status).toBe(201);
    expect((both.body['address_scopes'] as Dict[]).map((scope) => scope['name'])).toEqual(['a', 'b']);
    const before = ((await member.get(SCOPES)).body['address_scopes'] as Dict[]).length;
    expect(
      (
        await member.post(SCOPES, {
          address_scopes: [
            { name: 'c', ip_version: 4 },
            { name: 'd', ip_version: 7 },
          ],
        })
      ).status,
    ).toBe(400);
    expect((await member.get(SCOPES)).body['address_scopes']).toHaveLength(before);
  });
});
