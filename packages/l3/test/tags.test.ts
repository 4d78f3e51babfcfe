import { getAdminContext, tagsCapableOf } from '@net-server/lib';
import { resourceTags, type DbBasePlugin } from 'net-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, startServer, type L3Server } from './helpers.js';

type Dict = Record<string, unknown>;

/*
 * Routers and floating IPs as a TagsCapable owner: tags from the shared
 * table in their dicts, neutron's tag filters on their lists, a tag change
 * recorded on the resource, tags forgotten with it. Setting them over the
 * API is the tag plugin's (its tests cover /routers/{id}/tags).
 */
describe.each(dialects)('router and floating IP tags on %s', (dialect) => {
  let server: L3Server;
  const admin = getAdminContext();
  const transactions = (): DbBasePlugin['transactions'] => (server.core as unknown as DbBasePlugin).transactions;

  async function created(path: string, key: string, body: Dict): Promise<string> {
    const reply = await server.request('POST', path, { [key]: body });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    return String((reply.body[key] as Dict)['id']);
  }
  const tag = (id: string, tags: string[]): Promise<number> => transactions().write(admin, (session) => resourceTags.add(session.db, id, tags));

  beforeAll(async () => {
    server = await startServer(dialect);
  }, 240_000);

  afterAll(async () => {
    await server?.close();
  });

  it('shows the tags of routers, filters by them, records a change and forgets them on delete', async () => {
    const plugin = tagsCapableOf(server.plugin!)!;
    expect(plugin.taggableCollections).toEqual(['routers', 'floatingips']);
    const red = await created('/routers', 'router', { name: 'red' });
    const both = await created('/routers', 'router', { name: 'both' });
    await tag(red, ['red']);
    await tag(both, ['red', 'blue']);
    const router = (await server.plugin!.getRouter(admin, both)) as Dict;
    expect(router['tags']).toEqual(['blue', 'red']);
    const names = async (filters: Record<string, string[]>): Promise<string[]> =>
      (await server.plugin!.getRouters(admin, { filters })).map((r) => String(r['name'])).sort();
    expect(await names({ tags: ['red', 'blue'] })).toEqual(['both']);
    expect(await names({ 'tags-any': ['blue', 'red'] })).toEqual(['both', 'red']);
    expect(await names({ 'not-tags': ['red,blue'] })).toEqual(['red']);
    expect(await names({ 'not-tags-any': ['blue'], name: ['red'] })).toEqual(['red']);

    const before = (await server.plugin!.getRouter(admin, red)) as Dict;
    expect(await plugin.tagsChanged(admin, 'routers', red)).toBe(true);
    expect(((await server.plugin!.getRouter(admin, red)) as Dict)['revision_number']).toBe(Number(before['revision_number']) + 1);
    expect((await server.request('DELETE', `/routers/${red}`)).status).toBe(204);
    expect(await plugin.tagsChanged(admin, 'routers', red)).toBe(false);
    const left = await transactions().read(admin, (session) => resourceTags.load(session.db, [red]));
    expect(left.size).toBe(0);
  });

  it('does the same for floating IPs', async () => {
    const network = await created('/networks', 'network', { name: 'public', 'router:external': true });
    await created('/subnets', 'subnet', { network_id: network, ip_version: 4, cidr: '172.24.8.0/24' });
    const tagged = await created('/floatingips', 'floatingip', { floating_network_id: network });
    const plain = await created('/floatingips', 'floatingip', { floating_network_id: network });
    await tag(tagged, ['web']);
    expect(((await server.plugin!.getFloatingip(admin, tagged)) as Dict)['tags']).toEqual(['web']);
    expect(((await server.plugin!.getFloatingip(admin, plain)) as Dict)['tags']).toEqual([]);
    const ids = async (filters: Record<string, string[]>): Promise<unknown[]> => (await server.plugin!.getFloatingips(admin, { filters })).map((f) => f['id']);
    expect(await ids({ tags: ['web'] })).toEqual([tagged]);
    expect(await ids({ 'not-tags-any': ['web'], floating_network_id: [network] })).toEqual([plain]);
    const revision = Number(((await server.plugin!.getFloatingip(admin, tagged)) as Dict)['revision_number']);
    expect(await tagsCapableOf(server.plugin!)!.tagsChanged(admin, 'floatingips', tagged)).toBe(true);
    expect(((await server.plugin!.getFloatingip(admin, tagged)) as Dict)['revision_number']).toBe(revision + 1);
    expect((await server.request('DELETE', `/floatingips/${tagged}`)).status).toBe(204);
    expect((await transactions().read(admin, (session) => resourceTags.load(session.db, [tagged]))).size).toBe(0);
  });
});
