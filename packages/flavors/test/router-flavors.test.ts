import type { ApiClient, TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { created, dialects, failure, ok, startRouterFlavorsServer, type Dict } from './helpers.js';

const DRIVERS = 'neutron.services.l3_router.service_providers';

/** An L3 flavor whose one service profile names `driver` (none without it). */
async function l3Flavor(admin: ApiClient, driver?: string, enabled = true): Promise<string> {
  const flavor = created(await admin.post('/flavors', { flavor: { name: 'economy', service_type: 'L3_ROUTER_NAT' } }), 'flavor');
  if (driver !== undefined) {
    const profile = created(await admin.post('/service_profiles', { service_profile: { driver, enabled } }), 'service_profile');
    created(await admin.post(`/flavors/${String(flavor['id'])}/service_profiles`, { service_profile: { id: profile['id'] } }), 'service_profile');
  }
  return String(flavor['id']);
}

/*
 * l3-flavors, served by @net-server/l3's router plugin once it finds this
 * plugin loaded: routers' flavor_id, checked as neutron's DriverController
 * checks it, and the L3 providers the router plugin adds.
 */
describe.each(dialects)("routers' flavors (l3-flavors) on %s", (dialect) => {
  let server: TestServer;
  let admin: ApiClient;
  let tenant: ApiClient;

  beforeAll(async () => {
    server = await startRouterFlavorsServer(dialect);
    admin = server.client;
    tenant = server.client.as({ projectId: 'tenant-a', roles: ['member', 'reader'] });
  }, 600_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('announces l3-flavors and takes the L3 providers as service profile drivers', async () => {
    const aliases = ((await admin.get('/extensions')).body['extensions'] as Dict[]).map((extension) => extension['alias']);
    expect(aliases).toEqual(expect.arrayContaining(['flavors', 'l3-flavors']));
    for (const driver of ['single_node.SingleNodeDriver', 'ha.HaDriver', 'dvr.DvrDriver', 'dvrha.DvrHaDriver']) {
      created(await admin.post('/service_profiles', { service_profile: { driver: `${DRIVERS}.${driver}` } }), 'service_profile');
    }
  });

  it('creates routers with a flavor a tenant sees; the flavor cannot change, nor go while a router has it', async () => {
    const flavorId = await l3Flavor(admin, `${DRIVERS}.single_node.SingleNodeDriver`);
    expect(ok(await tenant.get(`/flavors?id=${flavorId}`))['flavors']).toEqual([expect.objectContaining({ id: flavorId, name: 'economy' })]);
    const router = created(await tenant.post('/routers', { router: { name: 'r', flavor_id: flavorId } }), 'router');
    expect(router['flavor_id']).toBe(flavorId);
    expect(ok(await tenant.get(`/routers/${String(router['id'])}`), 'router')['flavor_id']).toBe(flavorId);
    expect(created(await tenant.post('/routers', { router: { name: 'plain' } }), 'router')['flavor_id']).toBeNull();
    failure(await tenant.put(`/routers/${String(router['id'])}`, { router: { flavor_id: flavorId } }), 400, 'HTTPBadRequest');
    expect(failure(await admin.delete(`/flavors/${flavorId}`), 409, 'FlavorInUse')).toBe(`Flavor ${flavorId} is used by some service instance.`);
    expect((await tenant.delete(`/routers/${String(router['id'])}`)).status).toBe(204);
    expect((await admin.delete(`/flavors/${flavorId}`)).status).toBe(204);
  });

  it("refuses flags the flavor's provider does not serve", async () => {
    const flavorId = await l3Flavor(admin, `${DRIVERS}.single_node.SingleNodeDriver`);
    expect(failure(await admin.post('/routers', { router: { name: 'r', flavor_id: flavorId, distributed: true } }), 400, 'InvalidInput')).toBe(
      'Invalid input for operation: Provider single_node does not support distributed=True.',
    );
    const dvr = await l3Flavor(admin, `${DRIVERS}.dvr.DvrDriver`);
    failure(await admin.post('/routers', { router: { name: 'r', flavor_id: dvr, distributed: false } }), 400, 'InvalidInput');
    expect(ok(await admin.get('/routers?name=r'))['routers']).toEqual([]);
  });

  it('refuses flavors without an enabled profile of an L3 provider, as neutron', async () => {
    const routers = async (): Promise<unknown[]> => ok(await tenant.get('/routers'))['routers'] as unknown[];
    const before = (await routers()).length;
    const missing = '0b5c5b44-52f2-4d6a-9b33-7e2b2f1b7a10';
    failure(await tenant.post('/routers', { router: { flavor_id: missing } }), 404, 'FlavorNotFound');
    const bare = await l3Flavor(admin);
    expect(failure(await tenant.post('/routers', { router: { flavor_id: bare } }), 404, 'FlavorServiceProfileBindingNotFound')).toBe(
      `Service Profile  is not associated with flavor ${bare}.`,
    );
    const disabled = await l3Flavor(admin, `${DRIVERS}.ha.HaDriver`, false);
    expect(failure(await tenant.post('/routers', { router: { flavor_id: disabled } }), 503, 'ServiceProfileDisabled')).toBe('Service Profile is not enabled.');
    expect(await routers()).toHaveLength(before);
  });
});
