import { undefinedPolicyRules, type ApiClient, type ApiResponse, type TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACME_DRIVER, created, dialects, failure, ok, startFlavorsServer, type DialectName, type Dict } from './helpers.js';

/** The server of one database's tests, and the calls they share. */
class Env {
  server!: TestServer;
  get admin(): ApiClient {
    return this.server.client;
  }
  get member(): ApiClient {
    return this.server.client.as({ projectId: 'tenant-a', roles: ['member', 'reader'] });
  }
  async flavor(body: Dict = {}): Promise<Dict> {
    return created(await this.admin.post('/flavors', { flavor: { name: 'gold', service_type: 'FLAVORS', ...body } }), 'flavor');
  }
  async profile(body: Dict = {}): Promise<Dict> {
    return created(await this.admin.post('/service_profiles', { service_profile: { metainfo: '{"data": "value"}', ...body } }), 'service_profile');
  }
  bind(flavorId: unknown, profileId: unknown): Promise<ApiResponse> {
    return this.admin.post(`/flavors/${String(flavorId)}/service_profiles`, { service_profile: { id: profileId } });
  }
}

function serverFor(dialect: DialectName): Env {
  const env = new Env();
  beforeAll(async () => {
    env.server = await startFlavorsServer(dialect);
  }, 600_000);
  afterAll(async () => {
    await env.server?.stop();
  });
  return env;
}

function flavorTests(env: Env): void {
  it('is loaded by default and announces flavors, with a rule for everything the API enforces', async () => {
    const aliases = ((await env.admin.get('/extensions')).body['extensions'] as Dict[]).map((extension) => extension['alias']);
    expect(aliases).toContain('flavors');
    expect(undefinedPolicyRules(env.server)).toEqual([]);
  });

  it('creates, shows, lists, updates and deletes a flavor with neutron defaults', async () => {
    const made = await env.flavor();
    expect(made).toEqual({ id: expect.any(String), name: 'gold', description: '', service_type: 'FLAVORS', enabled: true, service_profiles: [] });
    const id = String(made['id']);
    expect(ok(await env.admin.get(`/flavors/${id}`), 'flavor')).toEqual(made);
    expect(ok(await env.admin.put(`/flavors/${id}`, { flavor: { enabled: false, name: 'silver', description: null } }), 'flavor')).toEqual({
      ...made,
      name: 'silver',
      description: null,
      enabled: false,
    });
    expect((await env.admin.get(`/flavors?id=${id}`)).body['flavors']).toHaveLength(1);
    expect((await env.admin.get(`/flavors?id=${id}&enabled=True`)).body['flavors']).toHaveLength(0);
    expect((await env.admin.get('/flavors?id=33')).body['flavors']).toEqual([]);
    failure(await env.admin.put(`/flavors/${id}`, { flavor: { service_type: 'L3_ROUTER_NAT' } }), 400, 'HTTPBadRequest');
    expect((await env.admin.delete(`/flavors/${id}`)).status).toBe(204);
    expect(failure(await env.admin.get(`/flavors/${id}`), 404, 'FlavorNotFound')).toBe(`Flavor ${id} could not be found.`);
    failure(await env.admin.delete(`/flavors/${id}`), 404, 'FlavorNotFound');
  });

  it('takes only the service types of loaded plugins', async () => {
    expect(failure(await env.admin.post('/flavors', { flavor: { service_type: 'LOADBALANCERV2' } }), 400, 'InvalidServiceType')).toBe(
      'Invalid service type: LOADBALANCERV2.',
    );
    failure(await env.admin.post('/flavors', { flavor: { name: 'x' } }), 400, 'HTTPBadRequest');
  });
}

function profileTests(env: Env): void {
  it('creates, shows, lists, updates and deletes a service profile; it needs a known driver or metainfo', async () => {
    const made = await env.profile({ description: 'p' });
    expect(made).toEqual({ id: expect.any(String), description: 'p', driver: '', enabled: true, metainfo: '{"data": "value"}' });
    const id = String(made['id']);
    expect(ok(await env.admin.get(`/service_profiles/${id}`), 'service_profile')).toEqual(made);
    expect(ok(await env.admin.put(`/service_profiles/${id}`, { service_profile: { enabled: false } }), 'service_profile')['enabled']).toBe(false);
    expect((await env.admin.get(`/service_profiles?id=${id}`)).body['service_profiles']).toHaveLength(1);
    expect(failure(await env.admin.post('/service_profiles', { service_profile: {} }), 400, 'ServiceProfileEmpty')).toBe(
      'Service Profile needs either a driver or metainfo.',
    );
    expect(failure(await env.admin.post('/service_profiles', { service_profile: { driver: 'no.such.Driver' } }), 404, 'ServiceProfileDriverNotFound')).toBe(
      'Service Profile driver no.such.Driver could not be found.',
    );
    failure(await env.admin.put(`/service_profiles/${id}`, { service_profile: { driver: 'no.such.Driver' } }), 404, 'ServiceProfileDriverNotFound');
    expect(ok(await env.admin.put(`/service_profiles/${id}`, { service_profile: { driver: ACME_DRIVER } }), 'service_profile')['driver']).toBe(ACME_DRIVER);
    expect((await env.admin.delete(`/service_profiles/${id}`)).status).toBe(204);
    expect(failure(await env.admin.get(`/service_profiles/${id}`), 404, 'ServiceProfileNotFound')).toBe(`Service Profile ${id} could not be found.`);
  });

  it('binds and unbinds a flavor and a service profile; a bound profile is neither changed nor deleted', async () => {
    const fl = await env.flavor();
    const sp = await env.profile({ driver: ACME_DRIVER, metainfo: '' });
    const [flavorId, profileId] = [String(fl['id']), String(sp['id'])];
    expect(created(await env.bind(flavorId, profileId), 'service_profile')).toEqual({ id: flavorId });
    expect(ok(await env.admin.get(`/flavors/${flavorId}`), 'flavor')['service_profiles']).toEqual([profileId]);
    expect(failure(await env.bind(flavorId, profileId), 409, 'FlavorServiceProfileBindingExists')).toBe(
      `Service Profile ${profileId} is already associated with flavor ${flavorId}.`,
    );
    expect(failure(await env.admin.put(`/service_profiles/${profileId}`, { service_profile: { enabled: false } }), 409, 'ServiceProfileInUse')).toBe(
      `Service Profile ${profileId} is used by some service instance.`,
    );
    failure(await env.admin.delete(`/service_profiles/${profileId}`), 409, 'ServiceProfileInUse');
    failure(await env.bind(flavorId, '3a4bba9e-3b41-4ae0-9d6c-ba0b1aa6a7a4'), 404, 'ServiceProfileNotFound');
    failure(await env.bind('3a4bba9e-3b41-4ae0-9d6c-ba0b1aa6a7a4', profileId), 404, 'FlavorNotFound');
    expect((await env.admin.delete(`/flavors/${flavorId}/service_profiles/${profileId}`)).status).toBe(204);
    expect(failure(await env.admin.delete(`/flavors/${flavorId}/service_profiles/${profileId}`), 404, 'FlavorServiceProfileBindingNotFound')).toBe(
      `Service Profile ${profileId} is not associated with flavor ${flavorId}.`,
    );
    expect(ok(await env.admin.get(`/flavors/${flavorId}`), 'flavor')['service_profiles']).toEqual([]);
    // Deleting a flavor takes its bindings, which then no longer keep the profile.
    created(await env.bind(flavorId, profileId), 'service_profile');
    expect((await env.admin.delete(`/flavors/${flavorId}`)).status).toBe(204);
    expect((await env.admin.delete(`/service_profiles/${profileId}`)).status).toBe(204);
  });
}

function policyTests(env: Env): void {
  it("lets anyone read flavors, and only admins change them or see service profiles (neutron Zed's policies)", async () => {
    const fl = await env.flavor();
    const sp = await env.profile();
    expect(ok(await env.member.get(`/flavors/${String(fl['id'])}`), 'flavor')['name']).toBe('gold');
    failure(await env.member.post('/flavors', { flavor: { service_type: 'FLAVORS' } }), 403, 'PolicyNotAuthorized');
    failure(await env.member.put(`/flavors/${String(fl['id'])}`, { flavor: { name: 'x' } }), 403, 'PolicyNotAuthorized');
    failure(await env.member.delete(`/flavors/${String(fl['id'])}`), 403, 'PolicyNotAuthorized');
    failure(await env.member.post('/service_profiles', { service_profile: { metainfo: 'x' } }), 403, 'PolicyNotAuthorized');
    failure(await env.member.get(`/service_profiles/${String(sp['id'])}`), 404, 'HTTPNotFound');
    expect((await env.member.get('/service_profiles')).body['service_profiles']).toEqual([]);
    failure(await env.member.post(`/flavors/${String(fl['id'])}/service_profiles`, { service_profile: { id: sp['id'] } }), 403, 'PolicyNotAuthorized');
  });
}

describe.each(dialects)('flavors and service profiles through the REST API on %s', (dialect) => {
  const env = serverFor(dialect);
  flavorTests(env);
  profileTests(env);
  policyTests(env);
});
