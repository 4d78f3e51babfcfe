import type { ApiClient, TestServer } from '@net-server/testkit';
import { resourceTags } from 'net-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aliases, dialects, failure, ok, startTagServer, type Dict } from './helpers.js';

/** A taggable resource kind: its collection, URL path, whether the API shows its revision number, and how a caller makes one. */
interface Kind {
  collection: string;
  path: string;
  member: string;
  revision: boolean;
  make(client: ApiClient): Promise<string>;
}

const OTHER = { projectId: 'p-other', roles: ['member'] };
const OWNER = { projectId: 'p-owner', roles: ['member'] };
const UNKNOWN = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

describe.each(dialects)('tags through the REST API on %s', (dialect) => {
  let server: TestServer;
  let externalNetwork: string;
  let cidr = 0;

  const created = async (client: ApiClient, path: string, member: string, body: Dict): Promise<string> =>
    String(ok(await client.post(path, { [member]: body }), member)['id']);
  const network = (client: ApiClient, extra: Dict = {}): Promise<string> => created(client, '/networks', 'network', { name: 'n', ...extra });
  const kinds: Kind[] = [
    { collection: 'networks', path: '/networks', member: 'network', revision: true, make: (client) => network(client) },
    {
      collection: 'subnets',
      path: '/subnets',
      member: 'subnet',
      revision: true,
      make: async (client) => created(client, '/subnets', 'subnet', { network_id: await network(client), ip_version: 4, cidr: `10.${++cidr}.0.0/24` }),
    },
    {
      collection: 'ports',
      path: '/ports',
      member: 'port',
      revision: true,
      make: async (client) => created(client, '/ports', 'port', { network_id: await network(client) }),
    },
    {
      collection: 'subnetpools',
      path: '/subnetpools',
      member: 'subnetpool',
      revision: true,
      make: (client) => created(client, '/subnetpools', 'subnetpool', { name: 'pool', prefixes: [`10.${100 + ++cidr}.0.0/16`], default_prefixlen: 24 }),
    },
    { collection: 'routers', path: '/routers', member: 'router', revision: false, make: (client) => created(client, '/routers', 'router', { name: 'r' }) },
    {
      collection: 'floatingips',
      path: '/floatingips',
      member: 'floatingip',
      revision: false,
      make: (client) => created(client, '/floatingips', 'floatingip', { floating_network_id: externalNetwork }),
    },
    {
      collection: 'security_groups',
      path: '/security-groups',
      member: 'security_group',
      revision: false,
      make: (client) => created(client, '/security-groups', 'security_group', { name: 'sg' }),
    },
  ];

  beforeAll(async () => {
    server = await startTagServer(dialect);
    externalNetwork = await network(server.client, { name: 'public', 'router:external': true, shared: false });
    ok(await server.client.post('/subnets', { subnet: { network_id: externalNetwork, ip_version: 4, cidr: '172.24.4.0/24' } }), 'subnet');
  }, 240_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('announces standard-attr-tag over every taggable collection, and tag-ports-during-bulk-creation', async () => {
    expect(await aliases(server)).toEqual(expect.arrayContaining(['standard-attr-tag', 'tag-ports-during-bulk-creation']));
    const extension = ok(await server.client.get('/extensions/standard-attr-tag'), 'extension');
    expect(extension['name']).toBe('Tag support for resources with standard attribute: network, subnet, subnetpool, port, security_group, router, floatingip');
    expect(extension['description']).toBe('Enables to set tag on resources with standard attribute.');
  });

  describe.each(kinds)('on $collection', (kind) => {
    const tagsPath = (id: string): string => `${kind.path}/${id}/tags`;
    const shown = async (client: ApiClient, id: string): Promise<Dict> => ok(await client.get(`${kind.path}/${id}`), kind.member);

    it('sets, adds, checks, removes and replaces tags, shown on the resource and revising it', async () => {
      const client = server.client.as(OWNER);
      const id = await kind.make(client);
      const before = await shown(client, id);
      expect(before['tags']).toEqual([]);
      expect((await client.get(tagsPath(id))).body).toEqual({ tags: [] });

      const replaced = await client.put(tagsPath(id), { tags: ['red', 'blue'] });
      expect(replaced.status).toBe(200);
      expect(replaced.body).toEqual({ tags: ['red', 'blue'] });
      expect((await client.get(tagsPath(id))).body).toEqual({ tags: ['blue', 'red'] });
      const after = await shown(client, id);
      expect(after['tags']).toEqual(['blue', 'red']);
      if (kind.revision) expect(after['revision_number']).toBe(Number(before['revision_number']) + 1);

      const added = await client.request('PUT', `${tagsPath(id)}/green`);
      expect(added.status).toBe(201);
      expect(added.body).toEqual({});
      // Adding a tag it has changes nothing, not even the revision.
      expect((await client.request('PUT', `${tagsPath(id)}/green`)).status).toBe(201);
      expect((await client.get(`${tagsPath(id)}/green`)).status).toBe(204);
      expect(failure(await client.get(`${tagsPath(id)}/yellow`), 404, 'TagNotFound')).toBe('Tag yellow could not be found.');
      if (kind.revision) expect((await shown(client, id))['revision_number']).toBe(Number(before['revision_number']) + 2);

      expect((await client.delete(`${tagsPath(id)}/green`)).status).toBe(204);
      expect(failure(await client.delete(`${tagsPath(id)}/green`), 404, 'TagNotFound')).toBe('Tag green could not be found.');
      expect((await client.put(tagsPath(id), { tags: ['blue', 'white'] })).body).toEqual({ tags: ['blue', 'white'] });
      expect((await shown(client, id))['tags']).toEqual(['blue', 'white']);
      const listed = (await client.get(`${kind.path}?id=${id}`)).body[kind.collection] as Dict[];
      expect(listed.map((item) => item['tags'])).toEqual([['blue', 'white']]);

      expect((await client.delete(tagsPath(id))).status).toBe(204);
      expect((await client.get(tagsPath(id))).body).toEqual({ tags: [] });
      if (kind.revision) expect((await shown(client, id))['revision_number']).toBe(Number(before['revision_number']) + 5);
    });

    it('filters lists with tags, tags-any, not-tags and not-tags-any', async () => {
      const client = server.client.as(OWNER);
      const named: Record<string, string> = {};
      for (const [name, tags] of [
        ['red', ['red']],
        ['both', ['red', 'blue']],
        ['none', []],
      ] as const) {
        const id = await kind.make(client);
        named[id] = name;
        if (tags.length > 0) ok(await client.put(tagsPath(id), { tags }), 'tags');
      }
      const ids = Object.keys(named)
        .map((id) => `id=${id}`)
        .join('&');
      const names = async (query: string): Promise<string[]> =>
        ((await client.get(`${kind.path}?${ids}&${query}`)).body[kind.collection] as Dict[]).map((item) => named[String(item['id'])]!).sort();
      expect(await names('tags=red&tags=blue')).toEqual(['both']);
      expect(await names('tags=red,blue')).toEqual(['both']);
      expect(await names('tags=red')).toEqual(['both', 'red']);
      expect(await names('tags-any=blue&tags-any=green')).toEqual(['both']);
      expect(await names('not-tags=red,blue')).toEqual(['none', 'red']);
      expect(await names('not-tags-any=red')).toEqual(['none']);
      expect(await names('tags=red&not-tags-any=blue')).toEqual(['red']);
      expect(await names('tags=nothing')).toEqual([]);
    });

    it("answers TagResourceNotFound for a resource that does not exist or is another project's, and forgets tags with the resource", async () => {
      const client = server.client.as(OWNER);
      const unknown = failure(await client.get(tagsPath(UNKNOWN)), 404, 'TagResourceNotFound');
      expect(unknown).toBe(`Resource ${kind.collection} ${UNKNOWN} could not be found.`);
      failure(await client.put(tagsPath(UNKNOWN), { tags: ['x'] }), 404, 'TagResourceNotFound');
      failure(await client.request('PUT', `${tagsPath(UNKNOWN)}/x`), 404, 'TagResourceNotFound');
      failure(await client.delete(tagsPath(UNKNOWN)), 404, 'TagResourceNotFound');

      const id = await kind.make(client);
      ok(await client.put(tagsPath(id), { tags: ['mine'] }), 'tags');
      const other = server.client.as(OTHER);
      failure(await other.get(tagsPath(id)), 404, 'TagResourceNotFound');
      failure(await other.get(`${tagsPath(id)}/mine`), 404, 'TagResourceNotFound');
      failure(await other.put(tagsPath(id), { tags: [] }), 404, 'TagResourceNotFound');
      failure(await other.delete(`${tagsPath(id)}/mine`), 404, 'TagResourceNotFound');
      expect((await client.get(tagsPath(id))).body).toEqual({ tags: ['mine'] });

      expect((await client.delete(`${kind.path}/${id}`)).status).toBe(204);
      failure(await client.get(tagsPath(id)), 404, 'TagResourceNotFound');
      expect((await resourceTags.load(server.database.db, [id])).size).toBe(0);
    });
  });

  it('validates tags as neutron: InvalidInput for a bad body, a non-list, duplicates, non-strings and tags over 255 characters', async () => {
    const id = await network(server.client);
    const path = `/networks/${id}/tags`;
    const invalid = async (reply: Promise<Awaited<ReturnType<ApiClient['get']>>>): Promise<string> => failure(await reply, 400, 'InvalidInput');
    expect(await invalid(server.client.request('PUT', path))).toBe('Invalid input for operation: Invalid tags body.');
    expect(await invalid(server.client.put(path, { tag: ['a'] }))).toBe('Invalid input for operation: Invalid tags body.');
    expect(await invalid(server.client.put(path, { tags: 'a' }))).toBe("Invalid input for operation: 'a' is not a list.");
    expect(await invalid(server.client.put(path, { tags: ['a', 'b', 'a'] }))).toBe("Invalid input for operation: Duplicate items in the list: 'a'.");
    expect(await invalid(server.client.put(path, { tags: ['a', 7] }))).toBe("Invalid input for operation: '7' is not a valid string.");
    const long = 'x'.repeat(256);
    expect(await invalid(server.client.put(path, { tags: [long] }))).toBe(`Invalid input for operation: '${long}' exceeds maximum length of 255.`);
    expect(await invalid(server.client.request('PUT', `${path}/${long}`))).toContain('exceeds maximum length of 255');
    expect(await invalid(server.client.get(`${path}/${long}`))).toContain('exceeds maximum length of 255');
    expect(await invalid(server.client.delete(`${path}/${long}`))).toContain('exceeds maximum length of 255');
    // Validation comes first, as neutron's controller validates before the plugin looks the resource up.
    await invalid(server.client.put(`/networks/${UNKNOWN}/tags`, { tags: 'a' }));
    // 255 characters, commas, spaces and other scripts are fine; a refused request changed nothing.
    const tags = ['y'.repeat(255), 'a,b', 'with space', 'ünïcödé-标签'];
    expect((await server.client.put(path, { tags })).body).toEqual({ tags });
    expect(((await server.client.get(path)).body['tags'] as string[]).sort()).toEqual([...tags].sort());
    expect((await server.client.get(`${path}/${encodeURIComponent('ünïcödé-标签')}`)).status).toBe(204);
    expect(failure(await server.client.post(path, { tags: ['a'] }), 404, 'HTTPNotFound')).toBe('not supported');
  });

  it('ignores the body of a PUT of one tag, as neutron: tempest sends the JSON string "{}"', async () => {
    const id = await network(server.client);
    const path = `/networks/${id}/tags`;
    const bodies: [string, unknown][] = [
      ['tempest', '{}'],
      ['listed', ['x']],
      ['numbered', 5],
      ['nothing', null],
      ['object', { tags: 7 }],
    ];
    for (const [tag, body] of bodies) expect((await server.client.put(`${path}/${tag}`, body)).status, JSON.stringify(body)).toBe(201);
    expect(((await server.client.get(path)).body['tags'] as string[]).sort()).toEqual(bodies.map(([tag]) => tag).sort());
    // Replacing them all reads the body: one that is no object is no tags body.
    expect(failure(await server.client.put(path, '{}'), 400, 'InvalidInput')).toBe('Invalid input for operation: Invalid tags body.');
    const malformed = await fetch(`${server.url}/v2.0${path}/broken`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-project-id': 'testkit-project', 'x-roles': 'admin' },
      body: '{junk',
    });
    expect([malformed.status, await malformed.json()]).toEqual([
      400,
      { NeutronError: { type: 'MalformedRequestBody', message: 'Malformed request body: Cannot understand JSON.', detail: '' } },
    ]);
    // A resource's own body must still be an object.
    expect(failure(await server.client.put(`/networks/${id}`, '{}'), 400, 'HTTPBadRequest')).toBe('Body contains invalid data');
  });

  it('lets a caller tag what they may update, not a shared or external network they may only see', async () => {
    const shared = await network(server.client, { shared: true, tenant_id: 'p-admin' });
    const other = server.client.as(OTHER);
    expect((await other.get(`/networks/${shared}/tags`)).body).toEqual({ tags: [] });
    for (const target of [shared, externalNetwork]) {
      expect(failure(await other.put(`/networks/${target}/tags`, { tags: ['mine'] }), 403, 'PolicyNotAuthorized')).toContain('update_network');
      failure(await other.request('PUT', `/networks/${target}/tags/mine`), 403, 'PolicyNotAuthorized');
      failure(await other.delete(`/networks/${target}/tags`), 403, 'PolicyNotAuthorized');
    }
    expect((await server.client.get(`/networks/${shared}/tags`)).body).toEqual({ tags: [] });
    // The owner, a member, may; admins may tag anything.
    expect((await server.client.put(`/networks/${externalNetwork}/tags`, { tags: ['public'] })).status).toBe(200);
    expect((await other.get(`/networks/${externalNetwork}/tags/public`)).status).toBe(204);
    const own = await network(other);
    expect((await other.request('PUT', `/networks/${own}/tags/mine`)).status).toBe(201);
  });

  it('takes tags on port create, bulk included', async () => {
    const net = await network(server.client);
    const port = ok(await server.client.post('/ports', { port: { network_id: net, tags: ['vm', 'web'] } }), 'port');
    expect(port['tags']).toEqual(['vm', 'web']);
    const bulk = await server.client.post('/ports', {
      ports: [
        { network_id: net, tags: ['a'] },
        { network_id: net, tags: ['b', 'c'] },
      ],
    });
    expect(bulk.status, JSON.stringify(bulk.body)).toBe(201);
    expect((bulk.body['ports'] as Dict[]).map((item) => item['tags'])).toEqual([['a'], ['b', 'c']]);
    const listed = (await server.client.get(`/ports?network_id=${net}&tags-any=a,vm`)).body['ports'] as Dict[];
    expect(listed.map((item) => item['id']).sort()).toEqual([port['id'], (bulk.body['ports'] as Dict[])[0]!['id']].sort());
    failure(await server.client.post('/ports', { port: { network_id: net, tags: ['d', 'd'] } }), 400, 'HTTPBadRequest');
    // Other resources take tags only through /tags, as in neutron.
    failure(await server.client.post('/networks', { network: { name: 'n', tags: ['a'] } }), 400, 'HTTPBadRequest');
    failure(await server.client.put(`/networks/${net}`, { network: { tags: ['a'] } }), 400, 'HTTPBadRequest');
  });

  it('takes more tags in one request than the database takes parameters in one statement', async () => {
    // 16,500 tags are 33,000 values in one insert, past SQLite's 32,766 parameters, and still fit max_request_body_size.
    const many = Array.from({ length: 16_500 }, (_, i) => i.toString(36).padStart(3, '0'));
    const id = await network(server.client);
    expect(ok(await server.client.put(`/networks/${id}/tags`, { tags: many }), 'tags')).toHaveLength(many.length);
    expect(((await server.client.get(`/networks/${id}/tags`)).body['tags'] as string[]).length).toBe(many.length);
    const replaced = ['kept', ...many.slice(0, 10)];
    expect(ok(await server.client.put(`/networks/${id}/tags`, { tags: replaced }), 'tags')).toEqual(replaced);
    expect((await server.client.get(`/networks/${id}/tags`)).body['tags']).toEqual([...replaced].sort());
    const port = ok(await server.client.post('/ports', { port: { network_id: id, tags: many } }), 'port');
    expect((port['tags'] as string[]).length).toBe(many.length);
  });

  it('adds one tag from many concurrent requests once, revising the resource once', async () => {
    const id = await network(server.client);
    const before = Number(ok(await server.client.get(`/networks/${id}`), 'network')['revision_number']);
    const replies = await Promise.all(Array.from({ length: 6 }, () => server.client.request('PUT', `/networks/${id}/tags/race`)));
    expect(replies.map((reply) => reply.status)).toEqual(Array(6).fill(201));
    expect((await server.client.get(`/networks/${id}/tags`)).body).toEqual({ tags: ['race'] });
    expect(ok(await server.client.get(`/networks/${id}`), 'network')['revision_number']).toBe(before + 1);
  });
});
