import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, startApi, type Json, type RunningApi } from './api-harness.js';

/*
 * The API layer itself, over real HTTP, with the in-memory test plugin
 * (test/api/memory-plugin.ts): documents, malformed requests, the sorting,
 * paging and bulk emulation for plugins without native support, and policy
 * on extension attributes (provider:*, binding:*) the DB base plugin does
 * not serve. The core resources on a real database are in resources.test.ts.
 */

const ALICE = 'project-alice';
const BOB = 'project-bob';

let running: RunningApi;
let url: string;

beforeAll(async () => {
  running = await startApi();
  url = running.url;
});

afterAll(async () => {
  await running.stop();
});

async function createNetwork(project: string | undefined, body: Record<string, unknown> = {}): Promise<Json> {
  const reply = await request(url, 'POST', '/v2.0/networks', { body: { network: { name: 'net', ...body } }, ...(project ? { project } : {}) });
  expect(reply.status).toBe(201);
  return reply.body.network;
}

function neutronError(reply: { body: Json }): { type: string; message: string; detail: string } {
  expect(Object.keys(reply.body)).toEqual(['NeutronError']);
  return reply.body.NeutronError;
}

describe('documents', () => {
  it.each([
    ['/', (body: Json) => expect(body.versions[0]).toMatchObject({ id: 'v2.0', status: 'CURRENT' })],
    [
      '/v2.0',
      (body: Json) => expect(body.resources.map((r: Json) => r.collection)).toEqual(expect.arrayContaining(['networks', 'ports', 'subnets', 'subnetpools'])),
    ],
    ['/v2.0/', (body: Json) => expect(body.resources.find((r: Json) => r.name === 'network').links[0].href).toBe(`${url}/v2.0/networks`)],
    [
      '/v2.0/extensions',
      (body: Json) =>
        expect(body.extensions.map((e: Json) => e.alias)).toEqual(expect.arrayContaining(['external-net', 'provider', 'binding', 'pagination', 'sorting'])),
    ],
    ['/v2.0/extensions.json', (body: Json) => expect(body.extensions.map((e: Json) => e.alias)).not.toContain('network')],
    ['/v2.0/extensions/binding', (body: Json) => expect(body.extension).toMatchObject({ alias: 'binding', name: 'Port Binding', links: [] })],
    ['/v2.0/openapi.json', (body: Json) => expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(['/v2.0/networks', '/v2.0/networks/{id}']))],
  ])('GET %s', async (path, check) => {
    const reply = await request(url, 'GET', path);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('x-openstack-request-id')).toMatch(/^req-[0-9a-f-]{36}$/);
    check(reply.body);
  });

  it('answers the health check without credentials', async () => {
    const reply = await request(url, 'GET', '/healthcheck');
    expect(reply).toMatchObject({ status: 200, body: 'OK' });
  });

  it('describes the loaded attributes in openapi.json', async () => {
    const { body } = await request(url, 'GET', '/v2.0/openapi.json');
    expect(body.components.schemas.NetworkCreate.properties['admin_state_up']).toEqual({ type: 'boolean' });
    expect(body.components.schemas.PortCreate.required).toEqual(['network_id']);
    expect(body.components.schemas.Network.properties['provider:network_type']).toBeDefined();
  });
});

describe('malformed requests get 4xx, never 500', () => {
  it.each([
    ['malformed JSON', 'POST', '/v2.0/networks', '{"network": ', {}, 400, 'HTTPBadRequest'],
    ['a JSON array', 'POST', '/v2.0/networks', '[1, 2]', {}, 400, 'HTTPBadRequest'],
    ['a JSON string', 'PUT', '/v2.0/networks/x', '"network"', {}, 400, 'HTTPBadRequest'],
    ['a wrong content type', 'POST', '/v2.0/networks', '<network/>', { 'content-type': 'application/xml' }, 415, 'HTTPUnsupportedMediaType'],
    ['an unknown collection', 'GET', '/v2.0/widgets', undefined, {}, 404, 'HTTPNotFound'],
    ['an unknown path', 'GET', '/v3/networks', undefined, {}, 404, 'HTTPNotFound'],
    ['too deep a path', 'GET', '/v2.0/networks/a/b/c/d', undefined, {}, 404, 'HTTPNotFound'],
    ['a method the collection lacks', 'DELETE', '/v2.0/networks', undefined, {}, 405, 'HTTPMethodNotAllowed'],
    ['a method the member lacks', 'POST', '/v2.0/networks/abc', '{}', {}, 405, 'HTTPMethodNotAllowed'],
    ['an unknown extension', 'GET', '/v2.0/extensions/warp-drive', undefined, {}, 404, 'HTTPNotFound'],
    ['an unknown network', 'GET', '/v2.0/networks/6f9619ff-8b86-d011-b42d-00c04fc964ff', undefined, {}, 404, 'NetworkNotFound'],
    ['a bad limit', 'GET', '/v2.0/networks?limit=-1', undefined, {}, 400, 'BadRequest'],
    ['a non-numeric limit', 'GET', '/v2.0/networks?limit=ten', undefined, {}, 400, 'BadRequest'],
    ['unpaired sort keys', 'GET', '/v2.0/networks?sort_key=name', undefined, {}, 400, 'HTTPBadRequest'],
    ['an unsortable key', 'GET', '/v2.0/networks?sort_key=shared&sort_dir=asc', undefined, {}, 400, 'HTTPBadRequest'],
    ['a bad sort direction', 'GET', '/v2.0/networks?sort_key=name&sort_dir=up', undefined, {}, 400, 'HTTPBadRequest'],
    ['an unknown filter', 'GET', '/v2.0/networks?colour=blue', undefined, {}, 400, 'HTTPBadRequest'],
    ['an unconvertible filter', 'GET', '/v2.0/networks?admin_state_up=perhaps', undefined, {}, 400, 'InvalidInput'],
    ['a NUL in an id', 'GET', '/v2.0/networks/a%00b', undefined, {}, 404, 'HTTPNotFound'],
    ['a NUL in a query', 'GET', '/v2.0/networks?name=a%00', undefined, {}, 400, 'HTTPBadRequest'],
    ['a NUL in a body string', 'POST', '/v2.0/networks', '{"network": {"name": "a\\u0000"}}', {}, 400, 'HTTPBadRequest'],
    ['a bad percent escape', 'GET', '/v2.0/networks/%E0%A4%A', undefined, {}, 404, 'NetworkNotFound'],
    ['a lone surrogate in a body string', 'POST', '/v2.0/networks', '{"network": {"name": "a\\ud800b"}}', {}, 400, 'HTTPBadRequest'],
    ['a lone low surrogate in a key', 'POST', '/v2.0/networks', '{"network": {"\\udc00": "x"}}', {}, 400, 'HTTPBadRequest'],
    [
      'JSON as a form post without a token',
      'POST',
      '/v2.0/networks',
      '{"network": {"name": "csrf"}}',
      { 'content-type': 'application/x-www-form-urlencoded' },
      415,
      'HTTPUnsupportedMediaType',
    ],
    [
      'JSON as text/plain without a token',
      'POST',
      '/v2.0/networks',
      '{"network": {"name": "csrf"}}',
      { 'content-type': 'text/plain' },
      415,
      'HTTPUnsupportedMediaType',
    ],
  ])('%s', async (_name, method, path, body, headers, status, type) => {
    const reply = await request(url, method, path, { ...(body === undefined ? {} : { body }), headers });
    expect(reply.status).toBe(status);
    expect(neutronError(reply).type).toBe(type);
    expect(reply.headers.get('x-openstack-request-id')).toMatch(/^req-/);
  });

  it('does not resolve dot segments, encoded or not (a proxy keyed on path prefixes sees what is routed)', async () => {
    // fetch would resolve them before sending: the paths go out as written.
    const status = (path: string): Promise<number> =>
      new Promise((resolve, reject) => {
        const { port } = new URL(url);
        httpRequest({ host: '127.0.0.1', port, path, agent: false }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        })
          .on('error', reject)
          .end();
      });
    for (const path of ['/v2.0/networks/%2e%2e/networks', '/v2.0/networks/../networks', '/v2.0/%2E/networks', '/v2.0/networks/%2E%2e', '/v2.0/./networks']) {
      expect([path, await status(path)]).toEqual([path, 404]);
    }
    expect(await status('/v2.0/networks')).toBe(200);
  });

  it('refuses a body that is not UTF-8 with 400 and stores nothing', async () => {
    const body = Buffer.concat([Buffer.from('{"network": {"name": "bad'), Buffer.from([0xc3, 0x28]), Buffer.from('"}}')]);
    const response = await fetch(`${url}/v2.0/networks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(response.status).toBe(400);
    expect(((await response.json()) as Json).NeutronError.message).toContain('not UTF-8');
    expect((await request(url, 'GET', '/v2.0/networks?name=bad')).body.networks).toEqual([]);
  });

  it('takes JSON sent as a form (curl -d) from a client with a token, and tells others the content type to send', async () => {
    // A browser cannot add X-Auth-Token to a cross-site form post, so this opens no CSRF hole in noauth mode.
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const withToken = await request(url, 'POST', '/v2.0/networks', { body: '{"network": {"name": "curl"}}', headers: { ...form, 'x-auth-token': 'any' } });
    expect(withToken.status).toBe(201);
    const without = await request(url, 'POST', '/v2.0/networks', { body: '{"network": {"name": "csrf"}}', headers: form });
    expect(neutronError(without).message).toBe(
      'Unsupported Content-Type application/x-www-form-urlencoded: send the body with Content-Type: application/json.',
    );
    expect((await request(url, 'GET', '/v2.0/networks?name=csrf')).body.networks).toEqual([]);
  });

  it('refuses an oversized body with 413 without reading it', async () => {
    const reply = await request(url, 'POST', '/v2.0/networks', { body: { network: { name: 'x', description: 'y'.repeat(200_000) } } });
    expect(reply.status).toBe(413);
    expect(neutronError(reply).type).toBe('HTTPRequestEntityTooLarge');
  });

  it('survives clients that send garbage or hang up mid-body', async () => {
    const { port } = new URL(url);
    const exchange = (text: string, hangUp: boolean): Promise<string> =>
      new Promise((resolve) => {
        const socket = connect(Number(port), '127.0.0.1', () => {
          socket.write(text);
          if (hangUp) socket.destroy();
        });
        let answer = '';
        socket.on('data', (chunk) => (answer += chunk.toString()));
        socket.on('close', () => resolve(answer));
        socket.on('error', () => resolve(answer));
      });
    const partial = 'POST /v2.0/networks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"network": {';
    expect(await exchange(partial, true)).toBe('');
    expect(await exchange('\u0000\u0001 NOT HTTP AT ALL\r\n\r\n', false)).toMatch(/^HTTP\/1\.1 400/);
    expect((await request(url, 'GET', '/healthcheck')).status).toBe(200);
    expect((await request(url, 'GET', '/v2.0/networks?name=network')).body.networks).toEqual([]);
  });

  it('names the filter in neutron’s words', async () => {
    const reply = await request(url, 'GET', '/v2.0/networks?colour=blue&size=2');
    expect(neutronError(reply).message).toBe("['colour', 'size'] is invalid attribute for filtering");
  });
});

describe('lists emulated for a plugin without native sorting and paging', () => {
  const project = 'project-lists';
  const names = ['delta', 'alpha', 'echo', 'charlie', 'bravo'];
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    for (const [index, name] of names.entries()) {
      const network = await createNetwork(project, { name, admin_state_up: index % 2 === 0 });
      ids[name] = network.id;
    }
  });

  const list = async (query: string): Promise<Json> => {
    const reply = await request(url, 'GET', `/v2.0/networks?${query}`, { project });
    expect(reply.status).toBe(200);
    return reply.body;
  };

  it.each([
    ['name=alpha', ['alpha']],
    ['name=alpha&name=echo', ['alpha', 'echo']],
    ['admin_state_up=true', ['delta', 'echo', 'bravo']],
    ['admin_state_up=False&name=charlie&name=alpha&name=echo', ['alpha', 'charlie']],
    ['name=', ['delta', 'alpha', 'echo', 'charlie', 'bravo']],
    ['name=zulu', []],
  ])('filters %s', async (query, expected) => {
    const body = await list(query);
    expect(body.networks.map((n: Json) => n.name).sort()).toEqual([...expected].sort());
  });

  it.each([
    ['sort_key=name&sort_dir=asc', ['alpha', 'bravo', 'charlie', 'delta', 'echo']],
    ['sort_key=name&sort_dir=desc', ['echo', 'delta', 'charlie', 'bravo', 'alpha']],
    ['sort_key=admin_state_up&sort_dir=desc&sort_key=name&sort_dir=asc', ['bravo', 'delta', 'echo', 'alpha', 'charlie']],
  ])('sorts %s', async (query, expected) => {
    expect((await list(query)).networks.map((n: Json) => n.name)).toEqual(expected);
  });

  it('returns only the requested fields', async () => {
    const body = await list('fields=name&fields=status&name=alpha');
    expect(body.networks).toEqual([{ name: 'alpha', status: 'ACTIVE' }]);
  });

  it('pages forwards and backwards with neutron’s links', async () => {
    const first = await list('sort_key=name&sort_dir=asc&limit=2');
    expect(first.networks.map((n: Json) => n.name)).toEqual(['alpha', 'bravo']);
    const next = first.networks_links.find((link: Json) => link.rel === 'next').href as string;
    expect(next).toBe(`${url}/v2.0/networks?sort_key=name&sort_dir=asc&limit=2&marker=${ids['bravo']}`);
    expect(first.networks_links.map((link: Json) => link.rel)).toEqual(['next', 'previous']);

    const second = (await request(url, 'GET', next.slice(url.length), { project })).body;
    expect(second.networks.map((n: Json) => n.name)).toEqual(['charlie', 'delta']);
    const third = (await request(url, 'GET', second.networks_links[0].href.slice(url.length), { project })).body;
    expect(third.networks.map((n: Json) => n.name)).toEqual(['echo']);
    expect(third.networks_links.map((link: Json) => link.rel)).toEqual(['previous']);

    const back = third.networks_links[0].href as string;
    expect(back).toContain('page_reverse=True');
    const previous = (await request(url, 'GET', back.slice(url.length), { project })).body;
    expect(previous.networks.map((n: Json) => n.name)).toEqual(['charlie', 'delta']);
  });

  it('gives an empty page for an unknown marker', async () => {
    const body = await list('limit=2&marker=6f9619ff-8b86-d011-b42d-00c04fc964ff');
    expect(body.networks).toEqual([]);
  });

  it('has no links without a limit', async () => {
    expect((await list('')).networks_links).toBeUndefined();
  });
});

describe('bulk create emulated for a plugin without create<Member>Bulk', () => {
  const project = 'project-bulk';

  it('creates every item and answers in the collection', async () => {
    const reply = await request(url, 'POST', '/v2.0/networks', {
      project,
      body: { networks: [{ name: 'b1' }, { network: { name: 'b2', admin_state_up: false } }] },
    });
    expect(reply.status).toBe(201);
    expect(reply.body.networks.map((n: Json) => [n.name, n.admin_state_up])).toEqual([
      ['b1', true],
      ['b2', false],
    ]);
  });

  it('creates nothing when one item is invalid', async () => {
    const reply = await request(url, 'POST', '/v2.0/networks', { project, body: { networks: [{ name: 'ok' }, { name: 1, bogus: true }] } });
    expect(reply.status).toBe(400);
    const after = await request(url, 'GET', '/v2.0/networks?name=ok', { project });
    expect(after.body.networks).toEqual([]);
  });

  it('rolls back the items already created when the plugin fails', async () => {
    const reply = await request(url, 'POST', '/v2.0/networks', {
      project,
      body: { networks: [{ name: 'first' }, { name: 'explode' }] },
    });
    expect(reply.status).toBe(500);
    expect(neutronError(reply)).toEqual({
      type: 'HTTPInternalServerError',
      message: 'Request Failed: internal server error while processing your request.',
      detail: '',
    });
    expect((await request(url, 'GET', '/v2.0/networks?name=first', { project })).body.networks).toEqual([]);
  });
});

describe('policy on extension attributes and shared resources', () => {
  let alices: Json;
  let shared: Json;

  beforeAll(async () => {
    alices = await createNetwork(ALICE, { name: 'alices' });
    shared = await createNetwork(undefined, { name: 'shared', shared: true, tenant_id: ALICE });
  });

  it('shows shared networks to every project but lets only the owner change them (403: they can see it)', async () => {
    const seen = await request(url, 'GET', `/v2.0/networks/${shared.id}`, { project: BOB });
    expect(seen.status).toBe(200);
    const update = await request(url, 'PUT', `/v2.0/networks/${shared.id}`, { project: BOB, body: { network: { name: 'taken' } } });
    expect(update.status).toBe(403);
    expect(neutronError(update).message).toBe('rule:update_network is disallowed by policy');
  });

  it('forbids admin-only attributes to members with 403', async () => {
    const reply = await request(url, 'POST', '/v2.0/networks', { project: BOB, body: { network: { name: 'x', shared: true } } });
    expect(reply.status).toBe(403);
    expect(neutronError(reply)).toEqual({
      type: 'PolicyNotAuthorized',
      message: '(rule:create_network and rule:create_network:shared) is disallowed by policy',
      detail: '',
    });
    const provider = await request(url, 'POST', '/v2.0/networks', {
      project: BOB,
      body: { network: { name: 'x', 'provider:network_type': 'vlan' } },
    });
    expect(provider.status).toBe(403);
    const own = await createNetwork(BOB, { name: 'bobs' });
    const share = await request(url, 'PUT', `/v2.0/networks/${own.id}`, { project: BOB, body: { network: { shared: true } } });
    expect(share.status).toBe(403);
  });

  it('hides admin-only attributes from members and shows them to admins', async () => {
    const member = await request(url, 'GET', `/v2.0/networks/${alices.id}`, { project: ALICE });
    expect(member.body.network['provider:network_type']).toBeUndefined();
    expect(member.body.network['router:external']).toBe(false);
    const admin = await request(url, 'GET', `/v2.0/networks/${alices.id}`, { project: ALICE, roles: 'admin' });
    expect(admin.body.network['provider:network_type']).toBe('vxlan');
  });

  it('keeps ports on another project’s network out of reach (404)', async () => {
    const reply = await request(url, 'POST', '/v2.0/ports', { project: BOB, body: { port: { network_id: alices.id } } });
    expect(reply.status).toBe(404);
  });

  it('lets a network owner see binding attributes only as admin', async () => {
    const port = await request(url, 'POST', '/v2.0/ports', { project: ALICE, body: { port: { network_id: alices.id } } });
    expect(port.body.port['binding:vif_type']).toBeUndefined();
    expect(port.body.port['binding:vnic_type']).toBe('normal');
    const hostByMember = await request(url, 'PUT', `/v2.0/ports/${port.body.port.id}`, {
      project: ALICE,
      body: { port: { 'binding:host_id': 'compute-1' } },
    });
    expect(hostByMember.status).toBe(403);
    const asAdmin = await request(url, 'GET', `/v2.0/ports/${port.body.port.id}`, { roles: 'admin', project: 'ops' });
    expect(asAdmin.body.port['binding:vif_type']).toBe('unbound');
  });

  it('treats a request without a project as admin of fake_project_id (noauth)', async () => {
    const network = await createNetwork(undefined, { name: 'anonymous' });
    expect(network.project_id).toBe('fake_project_id');
    const all = await request(url, 'GET', '/v2.0/networks');
    expect(all.body.networks.map((n: Json) => n.id)).toEqual(expect.arrayContaining([alices.id, network.id]));
  });
});
