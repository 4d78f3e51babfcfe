import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, startServer, type L3Server } from './helpers.js';

type Dict = Record<string, unknown>;

/*
 * neutron's external_net_db query hook and `get_network`'s rule:external:
 * an external network is visible to every project, read only for those
 * that do not own it; private networks stay private.
 */
describe.each(dialects)('external networks seen by other projects on %s', (dialect) => {
  let server: L3Server;
  let external: string;
  let hidden: string;
  const tenant = { project: 'tenant-a', roles: 'member' };

  async function created(name: string, extra: Dict, project = 'admin-project'): Promise<string> {
    const reply = await server.request('POST', '/networks', { network: { name, tenant_id: project, ...extra } });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    return String((reply.body['network'] as Dict)['id']);
  }

  beforeAll(async () => {
    server = await startServer(dialect);
    external = await created('public', { 'router:external': true });
    hidden = await created('private', {}, 'tenant-b');
  }, 240_000);

  afterAll(async () => {
    await server?.close();
  });

  it('lists and shows another project’s external network to a tenant', async () => {
    const listed = (await server.request('GET', '/networks', undefined, tenant)).body['networks'] as Dict[];
    expect(listed.map((network) => network['name'])).toEqual(['public']);
    expect(listed[0]).toMatchObject({ id: external, tenant_id: 'admin-project', 'router:external': true });
    const filtered = (await server.request('GET', '/networks?router:external=True', undefined, tenant)).body['networks'] as Dict[];
    expect(filtered.map((network) => network['id'])).toEqual([external]);
    const shown = await server.request('GET', `/networks/${external}`, undefined, tenant);
    expect(shown.status).toBe(200);
    expect(shown.body['network']).toMatchObject({ id: external, name: 'public', 'router:external': true });
  });

  it('does not let the tenant change or delete it', async () => {
    const update = await server.request('PUT', `/networks/${external}`, { network: { name: 'mine' } }, tenant);
    expect(update.status).toBe(403);
    expect((await server.request('DELETE', `/networks/${external}`, undefined, tenant)).status).toBe(403);
    // As neutron's policy hook, which checks visibility on the network as the update would leave it: no longer external, so 404.
    const internal = await server.request('PUT', `/networks/${external}`, { network: { 'router:external': false } }, tenant);
    expect(internal.status).toBe(404);
    expect((await server.request('GET', `/networks/${external}`)).body['network']).toMatchObject({ name: 'public', 'router:external': true });
  });

  it('still hides another project’s private network', async () => {
    expect((await server.request('GET', `/networks/${hidden}`, undefined, tenant)).status).toBe(404);
    expect((await server.request('PUT', `/networks/${hidden}`, { network: { name: 'x' } }, tenant)).status).toBe(404);
    const listed = (await server.request('GET', `/networks?id=${hidden}`, undefined, tenant)).body['networks'] as Dict[];
    expect(listed).toEqual([]);
  });

  it('hides it again once it is no longer external', async () => {
    const made = await created('was-public', { 'router:external': true });
    expect((await server.request('GET', `/networks/${made}`, undefined, tenant)).status).toBe(200);
    expect((await server.request('PUT', `/networks/${made}`, { network: { 'router:external': false } })).status).toBe(200);
    expect((await server.request('GET', `/networks/${made}`, undefined, tenant)).status).toBe(404);
  });
});
