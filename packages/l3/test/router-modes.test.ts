import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { l3View } from '../src/db/schema.js';
import { dialects, startServer, type L3Server, type Reply } from './helpers.js';

type Dict = Record<string, unknown>;

const MEMBER = { project: 'member-project', roles: 'member' };

function member(reply: Reply, key: string): Dict {
  expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(300);
  return reply.body[key] as Dict;
}

function failure(reply: Reply, status: number, type: string): string {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  const error = reply.body['NeutronError'] as Dict;
  expect(error['type']).toBe(type);
  return String(error['message']);
}

describe.each(dialects)('dvr and l3-ha routers on %s', (dialect) => {
  let server: L3Server;

  const create = async (body: Dict, identity?: typeof MEMBER): Promise<Reply> =>
    server.request('POST', '/routers', { router: { name: 'r', ...body } }, identity);
  const update = async (id: string, body: Dict): Promise<Reply> => server.request('PUT', `/routers/${id}`, { router: body });
  const haNetworks = async (project: string): Promise<Dict[]> =>
    member(await server.request('GET', `/networks?name=${encodeURIComponent(`HA network tenant ${project}`)}`), 'networks') as unknown as Dict[];
  const vrIdOf = async (routerId: string): Promise<number> => {
    const row = await l3View(server.database.db).selectFrom('router_extra_attributes').select('ha_vr_id').where('router_id', '=', routerId).executeTakeFirst();
    return Number(row?.ha_vr_id);
  };

  beforeAll(async () => {
    server = await startServer(dialect);
  }, 240_000);

  afterAll(async () => {
    await server?.close();
  });

  it('announces dvr, l3-ha and router-admin-state-down-before-update', async () => {
    const { body } = await server.request('GET', '/extensions');
    const aliases = (body['extensions'] as { alias: string }[]).map((extension) => extension.alias);
    expect(aliases).toEqual(expect.arrayContaining(['dvr', 'l3-ha', 'router-admin-state-down-before-update']));
  });

  it('creates routers centralized and legacy by default, distributed or HA when an admin says so, and shows the modes to admins only', async () => {
    expect(member(await create({}), 'router')).toMatchObject({ distributed: false, ha: false });
    const distributed = member(await create({ distributed: true, ha: false }), 'router');
    expect(distributed).toMatchObject({ distributed: true, ha: false });
    const own = member(await create({}, MEMBER), 'router');
    expect(own).not.toHaveProperty('distributed');
    expect(own).not.toHaveProperty('ha');
    const shown = member(await server.request('GET', `/routers/${String(own['id'])}`, undefined, MEMBER), 'router');
    expect(shown).not.toHaveProperty('ha');
    expect(member(await server.request('GET', `/routers/${String(own['id'])}`), 'router')).toMatchObject({ distributed: false, ha: false });
    expect((await create({ distributed: true }, MEMBER)).status).toBe(403);
    expect((await create({ ha: true }, MEMBER)).status).toBe(403);
    // Neither is a filter in neutron's attribute maps: asking for one is refused, as neutron's filter validation does.
    expect(failure(await server.request('GET', '/routers?distributed=true'), 400, 'HTTPBadRequest')).toContain('is invalid attribute for filtering');
  });

  it('changes distributed only on a router that was down before the request, both ways', async () => {
    const router = member(await create({ distributed: false, ha: false }), 'router');
    const id = String(router['id']);
    const message = failure(await update(id, { distributed: true }), 400, 'BadRequest');
    expect(message).toContain("Cannot change the 'distributed' attribute of active routers");
    // router-admin-state-down-before-update: taking it down in the same request is not enough.
    failure(await update(id, { distributed: true, admin_state_up: false }), 400, 'BadRequest');
    expect(member(await server.request('GET', `/routers/${id}`), 'router')).toMatchObject({ distributed: false, admin_state_up: true });
    expect(member(await update(id, { admin_state_up: false }), 'router')['admin_state_up']).toBe(false);
    expect(member(await update(id, { distributed: true }), 'router')).toMatchObject({ distributed: true, ha: false });
    expect(member(await update(id, { distributed: true, admin_state_up: true }), 'router')).toMatchObject({ distributed: true, admin_state_up: true });
    failure(await update(id, { distributed: false }), 400, 'BadRequest');
    member(await update(id, { admin_state_up: false }), 'router');
    expect(member(await update(id, { distributed: false }), 'router')).toMatchObject({ distributed: false });
    expect(member(await server.request('GET', `/routers/${id}`), 'router')).toMatchObject({ distributed: false, ha: false });
  });

  it('gives HA routers the project HA network and a VRID each, and removes the network with the last HA router', async () => {
    const project = 'ha-project';
    const first = member(await create({ ha: true, tenant_id: project }), 'router');
    const second = member(await create({ ha: true, tenant_id: project }), 'router');
    expect(first['ha']).toBe(true);
    const networks = await haNetworks(project);
    expect(networks).toHaveLength(1);
    expect(networks[0]).toMatchObject({ tenant_id: '', shared: false, admin_state_up: true });
    const subnets = member(await server.request('GET', `/subnets?network_id=${String(networks[0]!['id'])}`), 'subnets') as unknown as Dict[];
    expect(subnets).toEqual([
      expect.objectContaining({ name: `HA subnet tenant ${project}`, cidr: '169.254.192.0/18', enable_dhcp: false, gateway_ip: null, ip_version: 4 }),
    ]);
    const vrIds = [await vrIdOf(String(first['id'])), await vrIdOf(String(second['id']))];
    expect(vrIds.every((vrId) => vrId >= 1 && vrId <= 254)).toBe(true);
    expect(vrIds[0]).not.toBe(vrIds[1]);

    expect((await server.request('DELETE', `/routers/${String(first['id'])}`)).status).toBe(204);
    expect(await haNetworks(project)).toHaveLength(1);
    expect((await server.request('DELETE', `/routers/${String(second['id'])}`)).status).toBe(204);
    expect(await haNetworks(project)).toEqual([]);
  });

  it('changes ha only on a router that is down, allocating and releasing its VRID', async () => {
    const project = 'convert-project';
    const router = member(await create({ tenant_id: project }), 'router');
    const id = String(router['id']);
    const message = failure(await update(id, { ha: true }), 400, 'BadRequest');
    expect(message).toContain('Cannot change HA attribute of active routers');
    expect(await haNetworks(project)).toEqual([]);
    // The HA check looks at the router as the request leaves it, so one request may take it down and make it HA.
    expect(member(await update(id, { ha: true, admin_state_up: false }), 'router')).toMatchObject({ ha: true, distributed: false });
    expect(await haNetworks(project)).toHaveLength(1);
    expect(await vrIdOf(id)).toBeGreaterThan(0);
    // HA and distributed together, as Zed allows.
    expect(member(await update(id, { distributed: true }), 'router')).toMatchObject({ ha: true, distributed: true });
    expect(member(await update(id, { ha: false }), 'router')).toMatchObject({ ha: false, distributed: true });
    expect(await vrIdOf(id)).toBe(0);
    expect(await haNetworks(project)).toEqual([]);
    expect((await server.request('DELETE', `/routers/${id}`)).status).toBe(204);
  });
});
