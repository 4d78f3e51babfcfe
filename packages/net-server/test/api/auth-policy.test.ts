import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { PolicyFileError } from '../../src/api/policy/load-policy-rules.js';
import { recordingLogger, tempDir } from '../helpers.js';
import { request, startApi, type Json, type RunningApi } from './api-harness.js';
import { startFakeKeystone, type FakeKeystone } from './fake-keystone.js';
import { TEST_ROUTER_EXTENSION } from './router-plugin.js';

const ROUTER_PLUGIN = `${fileURLToPath(new URL('./router-plugin.ts', import.meta.url))}:RouterPlugin`;

let running: RunningApi | undefined;
let keystone: FakeKeystone | undefined;

afterEach(async () => {
  await running?.stop();
  running = undefined;
  await keystone?.close();
  keystone = undefined;
});

async function fakeKeystone(tokens: Parameters<typeof startFakeKeystone>[0]): Promise<FakeKeystone> {
  keystone = await startFakeKeystone(tokens);
  return keystone;
}

describe('auth_strategy = keystone', () => {
  async function start(keystoneUrl: string): Promise<string> {
    running = await startApi({
      config: {
        'DEFAULT.auth_strategy': 'keystone',
        'keystone_authtoken.auth_url': keystoneUrl,
        'keystone_authtoken.www_authenticate_uri': 'https://keystone.example/v3',
        'keystone_authtoken.username': 'neutron',
        'keystone_authtoken.password': 'service-secret',
        'keystone_authtoken.project_name': 'service',
      },
    });
    return running.url;
  }

  it('validates tokens, caches them, and takes identity from the token only', async () => {
    const fake = await fakeKeystone({ 'alice-token': { user: 'alice', project: 'p-alice', roles: ['member'] } });
    const url = await start(fake.url);
    const created = await request(url, 'POST', '/v2.0/networks', {
      headers: { 'x-auth-token': 'alice-token', 'x-project-id': 'someone-else', 'x-roles': 'admin' },
      body: { network: { name: 'kn' } },
    });
    expect(created.status).toBe(201);
    expect(created.body.network.project_id).toBe('p-alice');
    const shared = await request(url, 'POST', '/v2.0/networks', {
      headers: { 'x-auth-token': 'alice-token', 'x-roles': 'admin' },
      body: { network: { name: 'kn', shared: true } },
    });
    expect(shared.status).toBe(403);
    expect(fake.validations()).toBe(1);
  });

  it.each([
    ['no token', {}],
    ['an unknown token', { 'x-auth-token': 'forged' }],
  ])('answers %s with 401 and a Keystone challenge', async (_name, headers) => {
    const fake = await fakeKeystone({});
    const url = await start(fake.url);
    const reply = await request(url, 'GET', '/v2.0/networks', { headers });
    expect(reply.status).toBe(401);
    expect(reply.headers.get('www-authenticate')).toBe('Keystone uri="https://keystone.example/v3"');
    expect(reply.body.NeutronError.type).toBe('HTTPUnauthorized');
  });

  it('serves the versions document and health check without a token', async () => {
    const fake = await fakeKeystone({});
    const url = await start(fake.url);
    expect((await request(url, 'GET', '/')).status).toBe(200);
    expect((await request(url, 'GET', '/healthcheck')).status).toBe(200);
  });

  it('answers 503 when Keystone is unreachable', async () => {
    const fake = await fakeKeystone({});
    const url = await start(fake.url);
    await fake.close();
    const reply = await request(url, 'GET', '/v2.0/networks', { headers: { 'x-auth-token': 'any' } });
    expect(reply.status).toBe(503);
    expect(reply.body.NeutronError.type).toBe('ServiceUnavailable');
  });
});

describe('policy file', () => {
  it.each([
    ['YAML', 'policy.yaml', '# operators’ overrides\n"create_network": "rule:admin_only"\nget_network:provider:network_type: ""\n'],
    ['JSON', 'policy.json', JSON.stringify({ create_network: 'rule:admin_only', 'get_network:provider:network_type': '' })],
  ])('overrides the defaults from %s', async (_format, name, text) => {
    const path = join(tempDir(), name);
    writeFileSync(path, text);
    running = await startApi({ config: { 'oslo_policy.policy_file': path } });
    const refused = await request(running.url, 'POST', '/v2.0/networks', { project: 'p1', body: { network: { name: 'n' } } });
    expect(refused.status).toBe(403);
    expect(refused.body.NeutronError.message).toBe('rule:create_network is disallowed by policy');
    const admin = await request(running.url, 'POST', '/v2.0/networks', { project: 'p1', roles: 'admin', body: { network: { name: 'n' } } });
    expect(admin.status).toBe(201);
    const shown = await request(running.url, 'GET', `/v2.0/networks/${admin.body.network.id}`, { project: 'p1' });
    expect(shown.body.network['provider:network_type']).toBe('vxlan');
  });

  it('decides who is admin through context_is_admin', async () => {
    const path = join(tempDir(), 'policy.yaml');
    writeFileSync(path, 'context_is_admin: "role:admin or role:cloud_admin"\n');
    running = await startApi({ config: { 'oslo_policy.policy_file': path } });
    const body = { network: { name: 'n', shared: true } };
    expect((await request(running.url, 'POST', '/v2.0/networks', { project: 'p1', roles: 'cloud_admin', body })).status).toBe(201);
    expect((await request(running.url, 'POST', '/v2.0/networks', { project: 'p1', roles: 'member', body })).status).toBe(403);
  });

  it.each([
    ['not a map', '- a\n- b\n'],
    ['a non-string rule', 'create_network: 3\n'],
    ['broken YAML', 'create_network: "unterminated\n'],
  ])('refuses a policy file that is %s, naming it', async (_name, text) => {
    const path = join(tempDir(), 'policy.yaml');
    writeFileSync(path, text);
    const failure = await startApi({ config: { 'oslo_policy.policy_file': path } }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PolicyFileError);
    expect((failure as Error).message).toContain(path);
  });

  it('refuses a named policy file that does not exist', async () => {
    const failure = await startApi({ config: { 'oslo_policy.policy_file': '/nonexistent/policy.yaml' } }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'POLICY_FILE_INVALID' });
  });
});

describe('API options', () => {
  it('caps pages at pagination_max_limit, refuses bulk without allow_bulk, passes filters without filter_validation', async () => {
    running = await startApi({
      config: { 'DEFAULT.pagination_max_limit': '2', 'DEFAULT.allow_bulk': 'false', 'DEFAULT.filter_validation': 'false' },
    });
    for (const name of ['a', 'b', 'c']) {
      expect((await request(running.url, 'POST', '/v2.0/networks', { project: 'p', body: { network: { name } } })).status).toBe(201);
    }
    const page = await request(running.url, 'GET', '/v2.0/networks?sort_key=name&sort_dir=asc&limit=50', { project: 'p' });
    expect(page.body.networks.map((n: Json) => n.name)).toEqual(['a', 'b']);
    expect(page.body.networks_links.map((l: Json) => l.rel)).toEqual(['next', 'previous']);
    const bulk = await request(running.url, 'POST', '/v2.0/networks', { project: 'p', body: { networks: [{ name: 'd' }] } });
    expect(bulk.status).toBe(400);
    expect(bulk.body.NeutronError.message).toBe('Bulk operation not supported');
    expect((await request(running.url, 'GET', '/v2.0/networks?colour=blue', { project: 'p' })).status).toBe(200);
  });
});

describe('access logs', () => {
  it('logs every request with its request id, status and project', async () => {
    const { logger, records } = recordingLogger();
    running = await startApi({ logger });
    const caller = 'req-0b2f1c9e-3f6a-4d2b-9c1e-7a5d4e3f2b1a';
    const reply = await request(running.url, 'GET', '/v2.0/networks?name=x', { project: 'p-log', headers: { 'x-openstack-request-id': caller } });
    expect(reply.headers.get('x-openstack-request-id')).not.toBe(caller);
    const missing = await request(running.url, 'GET', '/v2.0/nothing', { project: 'p-log' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const access = records.filter((record) => record['msg'] === 'request');
    expect(access).toEqual([
      expect.objectContaining({
        level: 'info',
        component: 'api',
        request_id: reply.headers.get('x-openstack-request-id'),
        method: 'GET',
        path: '/v2.0/networks?name=x',
        status: 200,
        project_id: 'p-log',
        global_request_id: caller,
        duration_ms: expect.any(Number),
      }),
      expect.objectContaining({ request_id: missing.headers.get('x-openstack-request-id'), status: 404, reason: 'The resource could not be found.' }),
    ]);
  });
});

describe('extension resources', () => {
  it('loads extension descriptors from api_extensions_path modules', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'widgets.mjs'),
      `export const WIDGETS = ${JSON.stringify({ ...TEST_ROUTER_EXTENSION, alias: 'test-router', name: 'Routers from a path' })};\nexport const other = 42;\n`,
    );
    running = await startApi({ config: { 'DEFAULT.service_plugins': ROUTER_PLUGIN, 'DEFAULT.api_extensions_path': dir } });
    const extension = await request(running.url, 'GET', '/v2.0/extensions/test-router');
    expect(extension.body.extension.name).toBe('Routers from a path');
    expect((await request(running.url, 'POST', '/v2.0/routers', { project: 'p', body: { router: { name: 'r' } } })).status).toBe(201);
  });

  it('refuses an api_extensions_path directory that does not exist', async () => {
    const failure = await startApi({ config: { 'DEFAULT.api_extensions_path': '/nonexistent/extensions' } }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'API_EXTENSION_INVALID' });
  });

  it('routes new collections, member actions and sub-resources to the service plugin', async () => {
    running = await startApi({ config: { 'DEFAULT.service_plugins': ROUTER_PLUGIN }, extensions: [TEST_ROUTER_EXTENSION] });
    const { url } = running;
    const extensions = await request(url, 'GET', '/v2.0/extensions');
    expect(extensions.body.extensions.map((e: Json) => e.alias)).toContain('test-router');
    const router = await request(url, 'POST', '/v2.0/routers', { project: 'p-r', body: { router: { name: 'r1' } } });
    expect(router.status).toBe(201);
    const id = router.body.router.id as string;
    const added = await request(url, 'PUT', `/v2.0/routers/${id}/add_router_interface`, { project: 'p-r', body: { subnet_id: 's1' } });
    expect(added).toMatchObject({ status: 200, body: { id, subnet_id: 's1' } });
    expect((await request(url, 'GET', `/v2.0/routers/${id}/add_router_interface`, { project: 'p-r' })).status).toBe(405);
    const hidden = await request(url, 'PUT', `/v2.0/routers/${id}/add_router_interface`, { project: 'p-other', body: { subnet_id: 's2' } });
    expect(hidden.status).toBe(404);

    const route = await request(url, 'POST', `/v2.0/routers/${id}/routes`, { project: 'p-r', body: { route: { destination: '10.1.0.0/16' } } });
    expect(route.status).toBe(201);
    const badRoute = await request(url, 'POST', `/v2.0/routers/${id}/routes`, { project: 'p-r', body: { route: { destination: 'ten' } } });
    expect(badRoute.status).toBe(400);
    const routes = await request(url, 'GET', `/v2.0/routers/${id}/routes`, { project: 'p-r' });
    expect(routes.body.routes.map((r: Json) => r.destination)).toEqual(['10.1.0.0/16']);
    const one = await request(url, 'GET', `/v2.0/routers/${id}/routes/${route.body.route.id}`, { project: 'p-r' });
    expect(one.body.route.id).toBe(route.body.route.id);
    expect((await request(url, 'DELETE', `/v2.0/routers/${id}/routes/${route.body.route.id}`, { project: 'p-r' })).status).toBe(204);
    const paths = Object.keys((await request(url, 'GET', '/v2.0/openapi.json')).body.paths);
    expect(paths).toEqual(expect.arrayContaining(['/v2.0/routers/{id}/add_router_interface', '/v2.0/routers/{router_id}/routes/{id}']));
  });
});
