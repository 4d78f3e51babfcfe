import type { ApiClient, TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMBER, OTHER, addressScope, created, dialects, failure, ok, startAddressScopeServer, subnetpool, type Dict } from './helpers.js';

/*
 * Subnet pools in address scopes as neutron_tempest_plugin's
 * test_subnetpools and test_subnetpools_negative use them, and the scopes
 * networks take from their subnets' pools.
 */
describe.each(dialects)('subnet pools in address scopes on %s', (dialect) => {
  let server: TestServer;
  let admin: ApiClient;
  let member: ApiClient;
  let other: ApiClient;

  const idOf = (dict: Dict): string => String(dict['id']);
  const pool = async (client: ApiClient, body: Dict = {}): Promise<Dict> => created(await subnetpool(client, body), 'subnetpool');
  const scopeOfPool = async (id: string): Promise<unknown> => ok(await admin.get(`/subnetpools/${id}`), 'subnetpool')['address_scope_id'];

  beforeAll(async () => {
    server = await startAddressScopeServer(dialect);
    admin = server.client;
    member = admin.as(MEMBER);
    other = admin.as(OTHER);
  }, 240_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('associates a pool with a scope at creation, moves it to another and takes it out', async () => {
    const scope = idOf(await addressScope(member));
    const another = idOf(await addressScope(member));
    const inScope = await pool(member, { address_scope_id: scope });
    expect(inScope['address_scope_id']).toBe(scope);
    const id = idOf(inScope);
    expect(ok(await member.put(`/subnetpools/${id}`, { subnetpool: { address_scope_id: another } }), 'subnetpool')['address_scope_id']).toBe(another);
    expect(await scopeOfPool(id)).toBe(another);
    ok(await member.put(`/subnetpools/${id}`, { subnetpool: { address_scope_id: null } }), 'subnetpool');
    expect(await scopeOfPool(id)).toBeNull();

    const later = idOf(await pool(member, { prefixes: ['10.20.0.0/24'] }));
    expect(await scopeOfPool(later)).toBeNull();
    ok(await member.put(`/subnetpools/${later}`, { subnetpool: { address_scope_id: scope } }), 'subnetpool');
    const listed = (await member.get(`/subnetpools?address_scope_id=${scope}`)).body['subnetpools'] as Dict[];
    expect(listed.map(idOf)).toEqual([later]);
  });

  it('refuses scopes that are no UUID, do not exist or are not visible to the caller', async () => {
    failure(await subnetpool(member, { name: 'refused', address_scope_id: 'foo-addr-scope' }), 400, 'HTTPBadRequest');
    failure(await subnetpool(member, { name: 'refused', address_scope_id: '0c8f1f3b-3f6d-4bd5-a2c0-6a1a2f0f3f11' }), 404, 'AddressScopeNotFound');
    const admins = idOf(await addressScope(admin));
    failure(await subnetpool(member, { name: 'refused', address_scope_id: admins }), 404, 'AddressScopeNotFound');
    const mine = idOf(await pool(member, { prefixes: ['10.30.0.0/24'] }));
    failure(await member.put(`/subnetpools/${mine}`, { subnetpool: { address_scope_id: admins } }), 404, 'AddressScopeNotFound');
    expect(await scopeOfPool(mine)).toBeNull();
    // Nothing of the refused pools was kept.
    expect((await admin.get('/subnetpools?name=refused')).body).toEqual({ subnetpools: [] });
  });

  it('refuses a scope of another IP version', async () => {
    const v6 = idOf(await addressScope(member, { ip_version: 6 }));
    const id = idOf(await pool(member, { prefixes: ['10.40.0.0/24'] }));
    const message = failure(
      await member.put(`/subnetpools/${id}`, { subnetpool: { address_scope_id: v6 } }),
      400,
      'IllegalSubnetPoolIpVersionAssociationToAddressScope',
    );
    expect(message).toBe(`Illegal subnetpool association: subnetpool ${id} cannot associate with address scope ${v6} because subnetpool ip_version is not 6.`);
    failure(await subnetpool(member, { prefixes: ['10.41.0.0/24'], address_scope_id: v6 }), 400, 'IllegalSubnetPoolIpVersionAssociationToAddressScope');
  });

  it('keeps the prefixes of the pools in a scope apart, at creation and on update', async () => {
    const scope = idOf(await addressScope(member));
    await pool(member, { address_scope_id: scope });
    const message = failure(await subnetpool(member, { prefixes: ['10.11.12.13/24'], address_scope_id: scope }), 409, 'AddressScopePrefixConflict');
    expect(message).toBe('Failed to associate address scope: subnetpools within an address scope must have unique prefixes.');
    await pool(member, { prefixes: ['20.0.0.0/18', '30.0.0.0/18'], address_scope_id: scope });
    failure(await subnetpool(member, { prefixes: ['40.0.0.0/18', '50.0.0.0/18', '30.0.0.0/12'], address_scope_id: scope }), 409, 'AddressScopePrefixConflict');

    const growing = idOf(await pool(member, { prefixes: ['60.0.0.0/18'], address_scope_id: scope }));
    await pool(member, { prefixes: ['60.10.0.0/24'], address_scope_id: scope });
    failure(await member.put(`/subnetpools/${growing}`, { subnetpool: { prefixes: ['60.0.0.0/12'] } }), 409, 'AddressScopePrefixConflict');
    expect(ok(await member.get(`/subnetpools/${growing}`), 'subnetpool')['prefixes']).toEqual(['60.0.0.0/18']);
    // A pool that overlaps nothing may join, and pools of different scopes may overlap.
    const elsewhere = idOf(await addressScope(member));
    const overlapping = idOf(await pool(member, { prefixes: ['60.0.0.0/8'] }));
    failure(await member.put(`/subnetpools/${overlapping}`, { subnetpool: { address_scope_id: scope } }), 409, 'AddressScopePrefixConflict');
    ok(await member.put(`/subnetpools/${overlapping}`, { subnetpool: { address_scope_id: elsewhere } }), 'subnetpool');
  });

  it("counts another project's pools in a shared scope, and lets only the scope's owner or an admin change a pool in it", async () => {
    const shared = idOf(await addressScope(admin, { shared: true }));
    const theirs = await pool(other, { prefixes: ['172.16.0.0/16'], address_scope_id: shared });
    expect(theirs['address_scope_id']).toBe(shared);
    failure(await subnetpool(member, { prefixes: ['172.16.5.0/24'], address_scope_id: shared }), 409, 'AddressScopePrefixConflict');

    const id = idOf(await pool(member, { prefixes: ['20.0.0.0/18', '30.0.0.0/18'] }));
    ok(await admin.put(`/subnetpools/${id}`, { subnetpool: { address_scope_id: shared } }), 'subnetpool');
    expect(await scopeOfPool(id)).toBe(shared);
    const update = { subnetpool: { prefixes: ['20.0.0.0/18', '30.0.0.0/18', '40.0.0.0/18'] } };
    const message = failure(await member.put(`/subnetpools/${id}`, update), 400, 'IllegalSubnetPoolUpdate');
    expect(message).toBe(`Illegal subnetpool update : subnetpool ${id} cannot be updated when associated with shared address scope ${shared}.`);
    expect(ok(await admin.put(`/subnetpools/${id}`, update), 'subnetpool')['prefixes']).toEqual(['20.0.0.0/18', '30.0.0.0/18', '40.0.0.0/18']);
  });

  it("shows networks the scopes of their subnets' pools, one per IP version", async () => {
    const v4 = idOf(await addressScope(member));
    const v6 = idOf(await addressScope(member, { ip_version: 6 }));
    const pool4 = idOf(await pool(member, { prefixes: ['10.50.0.0/16'], default_prefixlen: 24, min_prefixlen: 8, address_scope_id: v4 }));
    const pool6 = idOf(await pool(member, { prefixes: ['2001:db8:50::/48'], default_prefixlen: 64, min_prefixlen: 48, address_scope_id: v6 }));
    const network = idOf(created(await member.post('/networks', { network: { name: 'scoped' } }), 'network'));
    const scopes = async (): Promise<Dict> => {
      const shown = ok(await member.get(`/networks/${network}`), 'network');
      return { ipv4_address_scope: shown['ipv4_address_scope'], ipv6_address_scope: shown['ipv6_address_scope'] };
    };
    expect(await scopes()).toEqual({ ipv4_address_scope: null, ipv6_address_scope: null });
    created(await member.post('/subnets', { subnet: { network_id: network, ip_version: 4, subnetpool_id: pool4 } }), 'subnet');
    expect(await scopes()).toEqual({ ipv4_address_scope: v4, ipv6_address_scope: null });
    created(await member.post('/subnets', { subnet: { network_id: network, ip_version: 6, subnetpool_id: pool6 } }), 'subnet');
    expect(await scopes()).toEqual({ ipv4_address_scope: v4, ipv6_address_scope: v6 });
    const listed = (await member.get(`/networks?id=${network}&fields=ipv4_address_scope&fields=ipv6_address_scope`)).body['networks'];
    expect(listed).toEqual([{ ipv4_address_scope: v4, ipv6_address_scope: v6 }]);
  });

  it('keeps the subnets of a family on a network in one scope', async () => {
    const scope = idOf(await addressScope(member));
    const first = idOf(await pool(member, { prefixes: ['10.60.0.0/16'], default_prefixlen: 24, min_prefixlen: 8, address_scope_id: scope }));
    const second = idOf(await pool(member, { prefixes: ['10.61.0.0/16'], default_prefixlen: 24, min_prefixlen: 8, address_scope_id: scope }));
    const outside = idOf(await pool(member, { prefixes: ['10.62.0.0/16'], default_prefixlen: 24, min_prefixlen: 8 }));
    const network = idOf(created(await member.post('/networks', { network: { name: 'affine' } }), 'network'));
    const subnet = (subnetpoolId: string) => member.post('/subnets', { subnet: { network_id: network, ip_version: 4, subnetpool_id: subnetpoolId } });
    created(await subnet(first), 'subnet');
    created(await subnet(second), 'subnet');
    const message = failure(await subnet(outside), 400, 'NetworkAddressScopeAffinityError');
    expect(message).toBe('Subnets of the same address family hosted on the same network must all participate in the same address scope.');
    // Moving one of the network's pools to another scope would split it.
    const elsewhere = idOf(await addressScope(member));
    failure(await member.put(`/subnetpools/${first}`, { subnetpool: { address_scope_id: elsewhere } }), 400, 'NetworkAddressScopeAffinityError');
    expect(await scopeOfPool(first)).toBe(scope);
  });

  it('serialises pools joining a scope, and the scope leaving, under concurrent requests', async () => {
    const scope = idOf(await addressScope(member));
    // Five overlapping pools at once: one joins, the others conflict with it.
    const replies = await Promise.all(
      Array.from({ length: 5 }, (_, n) => subnetpool(member, { prefixes: [`10.${70 + n}.0.0/24`, '10.99.0.0/16'], address_scope_id: scope })),
    );
    expect(replies.map((reply) => reply.status).sort()).toEqual([201, 409, 409, 409, 409]);
    // A pool joining while its scope is deleted: either the pool is in and the scope stays, or the scope is gone and the pool is refused.
    const doomed = idOf(await addressScope(member));
    const [joined, deleted] = await Promise.all([
      subnetpool(member, { prefixes: ['10.98.0.0/24'], address_scope_id: doomed }),
      member.delete(`/address-scopes/${doomed}`),
    ]);
    expect([
      [201, 409],
      [404, 204],
    ]).toContainEqual([joined.status, deleted.status]);
  });
});
