import type { ApiClient, ApiResponse, TestServer } from '@net-server/testkit';
import { resourceTags } from 'net-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dialects, errorType, startQosTagServer, type Dict } from './helpers.js';

const UNKNOWN = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

/** The NeutronError message of a reply, after checking its status and type. */
function failure(reply: ApiResponse, status: number, type: string): string {
  expect([reply.status, errorType(reply.body)], JSON.stringify(reply.body)).toEqual([status, type]);
  return String((reply.body['NeutronError'] as Dict)['message']);
}

/*
 * QoS policies with the tag plugin loaded: /v2.0/policies/{id}/tags, where
 * neutron's tagging extension serves them (without the qos prefix; the
 * path neutron_tempest_plugin's admin.test_tag uses), tags on the policies, neutron's four tag
 * filters on their lists, a revision per change, tags forgotten with the
 * policy, reads and writes as the qos policy rules allow.
 */
describe.each(dialects)('QoS policy tags on %s', (dialect) => {
  let server: TestServer;
  let admin: ApiClient;
  let alice: ApiClient;

  beforeAll(async () => {
    server = await startQosTagServer(dialect);
    admin = server.client;
    alice = admin.as({ projectId: 'alice', roles: ['member'] });
  }, 240_000);
  afterAll(async () => server?.stop());

  async function createPolicy(body: Dict): Promise<string> {
    const reply = await admin.post('/qos/policies', { policy: body });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    return String((reply.body['policy'] as Dict)['id']);
  }
  const shown = async (id: string, client = admin): Promise<Dict> => (await client.get(`/qos/policies/${id}`)).body['policy'] as Dict;
  const tagsPath = (id: string): string => `/policies/${id}/tags`;

  it('serves the tags under /v2.0/policies/, and under the qos prefix too', async () => {
    const id = await createPolicy({ name: 'paths' });
    expect((await admin.put(`${tagsPath(id)}/plain`, {})).status).toBe(201);
    expect((await admin.get(`/qos/policies/${id}/tags`)).body).toEqual({ tags: ['plain'] });
    expect((await admin.put(`/qos/policies/${id}/tags/prefixed`, {})).status).toBe(201);
    expect((await admin.get(tagsPath(id))).body).toEqual({ tags: ['plain', 'prefixed'] });
    expect((await admin.delete(tagsPath(id))).status).toBe(204);
    expect((await admin.get(`/policies/${id}/tags/plain/extra`)).status).toBe(404);
  });

  it('announces standard-attr-tag over policies', async () => {
    const extension = (await admin.get('/extensions/standard-attr-tag')).body['extension'] as Dict;
    expect(extension['name']).toBe('Tag support for resources with standard attribute: network, subnet, subnetpool, port, security_group, policy');
  });

  it('sets, adds, checks, removes, replaces and clears the tags of a policy, revising it each time', async () => {
    const id = await createPolicy({ name: 'tagged' });
    const rule = await admin.post(`/qos/policies/${id}/bandwidth_limit_rules`, { bandwidth_limit_rule: { max_kbps: 1000 } });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    const before = await shown(id);
    expect(before['tags']).toEqual([]);
    const revision = Number(before['revision_number']);
    expect((await admin.get(tagsPath(id))).body).toEqual({ tags: [] });

    // updated_at has a resolution of a second: the tags are set two seconds later by the clock the
    // in-process server's Date reads, instead of waiting for the wall clock (timers stay real).
    vi.setSystemTime(Date.now() + 2000);
    const set = await admin.put(tagsPath(id), { tags: ['red', 'blue'] }).finally(() => vi.useRealTimers());
    expect([set.status, set.body]).toEqual([200, { tags: ['red', 'blue'] }]);
    const after = await shown(id);
    expect(after).toMatchObject({ tags: ['blue', 'red'], revision_number: revision + 1, rules: before['rules'] });
    expect(after['updated_at']).not.toBe(before['updated_at']);
    expect((await admin.get(tagsPath(id))).body).toEqual({ tags: ['blue', 'red'] });

    const added = await admin.request('PUT', `${tagsPath(id)}/green`);
    expect([added.status, added.body]).toEqual([201, {}]);
    // A tag it has changes nothing, not even the revision.
    expect((await admin.request('PUT', `${tagsPath(id)}/green`)).status).toBe(201);
    expect((await admin.get(`${tagsPath(id)}/green`)).status).toBe(204);
    expect(failure(await admin.get(`${tagsPath(id)}/yellow`), 404, 'TagNotFound')).toBe('Tag yellow could not be found.');
    expect(await shown(id)).toMatchObject({ tags: ['blue', 'green', 'red'], revision_number: revision + 2 });

    expect((await admin.delete(`${tagsPath(id)}/green`)).status).toBe(204);
    expect(failure(await admin.delete(`${tagsPath(id)}/green`), 404, 'TagNotFound')).toBe('Tag green could not be found.');
    expect((await admin.put(tagsPath(id), { tags: ['blue', 'white'] })).body).toEqual({ tags: ['blue', 'white'] });
    expect(await shown(id)).toMatchObject({ tags: ['blue', 'white'], revision_number: revision + 4 });
    const listed = (await admin.get(`/qos/policies?id=${id}`)).body['policies'] as Dict[];
    expect(listed.map((policy) => policy['tags'])).toEqual([['blue', 'white']]);

    expect((await admin.delete(tagsPath(id))).status).toBe(204);
    expect((await admin.get(tagsPath(id))).body).toEqual({ tags: [] });
    expect(await shown(id)).toMatchObject({ tags: [], revision_number: revision + 5 });
    // Clearing no tags changes nothing.
    expect((await admin.delete(tagsPath(id))).status).toBe(204);
    expect((await shown(id))['revision_number']).toBe(revision + 5);
    failure(await admin.put(tagsPath(id), { tags: ['a', 'a'] }), 400, 'InvalidInput');
  });

  it('filters policy lists with tags, tags-any, not-tags and not-tags-any', async () => {
    const named: Record<string, string> = {};
    for (const [name, tags] of [
      ['red', ['red']],
      ['both', ['red', 'blue']],
      ['none', []],
    ] as const) {
      const id = await createPolicy({ name: `filter-${name}` });
      named[id] = name;
      if (tags.length > 0) expect((await admin.put(tagsPath(id), { tags })).status).toBe(200);
    }
    const ids = Object.keys(named)
      .map((id) => `id=${id}`)
      .join('&');
    const names = async (query: string): Promise<string[]> => {
      const reply = await admin.get(`/qos/policies?${ids}&${query}`);
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      return (reply.body['policies'] as Dict[]).map((policy) => named[String(policy['id'])]!).sort();
    };
    expect(await names('tags=red&tags=blue')).toEqual(['both']);
    expect(await names('tags=red,blue')).toEqual(['both']);
    expect(await names('tags=red')).toEqual(['both', 'red']);
    expect(await names('tags-any=blue&tags-any=green')).toEqual(['both']);
    expect(await names('not-tags=red,blue')).toEqual(['none', 'red']);
    expect(await names('not-tags-any=red')).toEqual(['none']);
    expect(await names('tags=red&not-tags-any=blue')).toEqual(['red']);
    expect(await names('tags=nothing')).toEqual([]);
    // With the other filters, sorting and paging of the API.
    expect(await names('tags-any=red&name=filter-both')).toEqual(['both']);
    const page = await admin.get(`/qos/policies?${ids}&tags=red&sort_key=name&sort_dir=asc&limit=1`);
    expect((page.body['policies'] as Dict[]).map((policy) => policy['name'])).toEqual(['filter-both']);
  });

  it('forgets the tags of a deleted policy', async () => {
    const id = await createPolicy({ name: 'doomed' });
    expect((await admin.put(tagsPath(id), { tags: ['gone'] })).status).toBe(200);
    expect((await resourceTags.load(server.database.db, [id])).get(id)).toEqual(['gone']);
    expect((await admin.delete(`/qos/policies/${id}`)).status).toBe(204);
    expect((await resourceTags.load(server.database.db, [id])).size).toBe(0);
    expect(failure(await admin.get(tagsPath(id)), 404, 'TagResourceNotFound')).toBe(`Resource policies ${id} could not be found.`);
    expect(((await admin.get('/qos/policies?tags=gone')).body['policies'] as Dict[]).map((policy) => policy['id'])).not.toContain(id);
  });

  it('answers TagResourceNotFound for an unknown policy', async () => {
    expect(failure(await admin.get(tagsPath(UNKNOWN)), 404, 'TagResourceNotFound')).toBe(`Resource policies ${UNKNOWN} could not be found.`);
    failure(await admin.get(`${tagsPath(UNKNOWN)}/x`), 404, 'TagResourceNotFound');
    failure(await admin.put(tagsPath(UNKNOWN), { tags: ['x'] }), 404, 'TagResourceNotFound');
    failure(await admin.request('PUT', `${tagsPath(UNKNOWN)}/x`), 404, 'TagResourceNotFound');
    failure(await admin.delete(`${tagsPath(UNKNOWN)}/x`), 404, 'TagResourceNotFound');
    failure(await admin.delete(tagsPath(UNKNOWN)), 404, 'TagResourceNotFound');
  });

  it("lets a member read the tags of the policies they see and change none, as update_policy is admin's", async () => {
    const own = await createPolicy({ name: 'alice-own', project_id: 'alice' });
    const shared = await createPolicy({ name: 'bob-shared', project_id: 'bob', shared: true });
    const hidden = await createPolicy({ name: 'bob-hidden', project_id: 'bob' });
    for (const id of [own, shared, hidden]) expect((await admin.put(tagsPath(id), { tags: ['member-test'] })).status).toBe(200);

    for (const id of [own, shared]) {
      expect((await alice.get(tagsPath(id))).body).toEqual({ tags: ['member-test'] });
      expect((await alice.get(`${tagsPath(id)}/member-test`)).status).toBe(204);
      expect((await shown(id, alice))['tags']).toEqual(['member-test']);
      expect(failure(await alice.put(tagsPath(id), { tags: ['mine'] }), 403, 'PolicyNotAuthorized')).toContain('update_policy');
      failure(await alice.request('PUT', `${tagsPath(id)}/mine`), 403, 'PolicyNotAuthorized');
      failure(await alice.delete(`${tagsPath(id)}/member-test`), 403, 'PolicyNotAuthorized');
      failure(await alice.delete(tagsPath(id)), 403, 'PolicyNotAuthorized');
      expect((await admin.get(tagsPath(id))).body).toEqual({ tags: ['member-test'] });
    }
    failure(await alice.get(tagsPath(hidden)), 404, 'TagResourceNotFound');
    failure(await alice.get(`${tagsPath(hidden)}/member-test`), 404, 'TagResourceNotFound');
    failure(await alice.put(tagsPath(hidden), { tags: [] }), 404, 'TagResourceNotFound');
    failure(await alice.delete(tagsPath(hidden)), 404, 'TagResourceNotFound');

    const seen = ((await alice.get('/qos/policies?tags=member-test')).body['policies'] as Dict[]).map((policy) => policy['id']);
    expect(seen.sort()).toEqual([own, shared].sort());
    const all = ((await admin.get('/qos/policies?tags=member-test')).body['policies'] as Dict[]).map((policy) => policy['id']);
    expect(all.sort()).toEqual([own, shared, hidden].sort());
  });
});
