import { undefinedPolicyRules, type ApiClient, type TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { created, dialects, failure, ok, startAutoAllocateServer, type Dict } from './helpers.js';

const TENANT = 'tenant-a';
const TOPOLOGY = `/auto-allocated-topology/${TENANT}`;

/** How many of the caller's networks, subnets and routers are auto-allocated ones (as Tempest's _count_topology_resources). */
async function countTopology(client: ApiClient): Promise<[number, number, number]> {
  const count = async (path: string, key: string): Promise<number> =>
    ((await client.get(path)).body[key] as Dict[]).filter((item) => String(item['name']).startsWith('auto_allocated_')).length;
  return [await count('/networks', 'networks'), await count('/subnets', 'subnets'), await count('/routers', 'routers')];
}

/**
 * `is_default` on networks: shown on external networks only, one default at
 * most, kept by updates that leave it out; the default external network
 * ends with a subnet, for the topologies to come.
 */
async function checkIsDefault(admin: ApiClient, tenant: ApiClient): Promise<void> {
  const internal = created(await admin.post('/networks', { network: { name: 'internal' } }), 'network');
  expect(ok(await admin.get(`/networks/${String(internal['id'])}`), 'network')).not.toHaveProperty('is_default');
  const first = created(await admin.post('/networks', { network: { name: 'ext-a', 'router:external': true, is_default: true } }), 'network');
  expect(first['is_default']).toBe(true);
  const second = created(await admin.post('/networks', { network: { name: 'ext-b', 'router:external': true } }), 'network');
  expect(second['is_default']).toBe(false);
  expect(failure(await admin.put(`/networks/${String(second['id'])}`, { network: { is_default: true } }), 409, 'DefaultExternalNetworkExists')).toBe(
    `A default external network already exists: ${String(first['id'])}.`,
  );
  // An update without is_default leaves it, as Tempest checks before it allocates.
  ok(await admin.put(`/networks/${String(first['id'])}`, { network: { description: 'gman' } }), 'network');
  expect(ok(await admin.get(`/networks/${String(first['id'])}`), 'network')['is_default']).toBe(true);
  // The router plugin keeps the default external network shared with every project (neutron's _validate_ext_not_in_use_by_tenant).
  const query = `object_id=${String(first['id'])}&action=access_as_external&target_tenant=%2A`;
  const [wildcard] = (await admin.get(`/rbac-policies?${query}`)).body['rbac_policies'] as Dict[];
  expect(failure(await admin.delete(`/rbac-policies/${String(wildcard?.['id'])}`), 409, 'RbacPolicyInUse')).toContain(
    'Default external networks must be shared to everyone.',
  );
  failure(await tenant.put(`/networks/${String(first['id'])}`, { network: { is_default: false } }), 403, 'PolicyNotAuthorized');
  expect((await admin.delete(`/networks/${String(second['id'])}`)).status).toBe(204);
  expect((await admin.delete(`/networks/${String(internal['id'])}`)).status).toBe(204);
  created(await admin.post('/subnets', { subnet: { network_id: first['id'], ip_version: 4, cidr: '172.24.4.0/24' } }), 'subnet');
}

describe.each(dialects)('auto-allocated topology through the REST API on %s', (dialect) => {
  let server: TestServer;
  let admin: ApiClient;
  let tenant: ApiClient;

  beforeAll(async () => {
    server = await startAutoAllocateServer(dialect);
    admin = server.client;
    tenant = admin.as({ projectId: TENANT, roles: ['member', 'reader'] });
  }, 240_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('announces the extension and defines every rule the API enforces', async () => {
    const aliases = ((await admin.get('/extensions')).body['extensions'] as Dict[]).map((extension) => extension['alias']);
    expect(aliases).toContain('auto-allocated-topology');
    // Other packages' rules are their tests' business; this package's are all defined.
    expect(undefinedPolicyRules(server).filter((rule) => rule.includes('auto_allocated'))).toEqual([]);
  });

  it('fails as a deployment error without a default external network', async () => {
    expect(failure(await tenant.get(TOPOLOGY), 409, 'AutoAllocationFailure')).toBe('Deployment error: No default router:external network.');
    expect(failure(await tenant.get(`${TOPOLOGY}?fields=dry-run`), 409, 'AutoAllocationFailure')).toBe('Deployment error: No default router:external network.');
    expect(failure(await tenant.get(`${TOPOLOGY}?fields=id`), 400, 'BadRequest')).toBe('Bad auto_allocate request: Unrecognized field.');
  });

  it('keeps is_default on external networks, one default at most', () => checkIsDefault(admin, tenant));

  it('fails without default subnet pools and leaves nothing behind', async () => {
    expect(failure(await tenant.get(`${TOPOLOGY}?fields=dry-run`), 409, 'AutoAllocationFailure')).toBe('Deployment error: No default subnetpools defined.');
    expect(failure(await tenant.get(TOPOLOGY), 409, 'AutoAllocationFailure')).toBe('Deployment error: Unable to provide tenant private network.');
    expect(await countTopology(tenant)).toEqual([0, 0, 0]);
  });

  it('builds the topology once, answers it again, and deletes it', async () => {
    const pool = { name: 'default-v4', prefixes: ['10.128.0.0/16'], default_prefixlen: 26, is_default: true, shared: true };
    created(await admin.post('/subnetpools', { subnetpool: pool }), 'subnetpool');
    // As neutron Zed answers (measured): the plugin's answer whole, not narrowed to the fields asked for.
    expect(ok(await tenant.get(`${TOPOLOGY}?fields=dry-run`), 'auto_allocated_topology')).toEqual({ id: 'dry-run=pass', tenant_id: TENANT });
    expect(ok(await tenant.get(`${TOPOLOGY}?fields=dry-run&fields=id`), 'auto_allocated_topology')).toEqual({ id: 'dry-run=pass', tenant_id: TENANT });
    const topology = ok(await tenant.get(TOPOLOGY), 'auto_allocated_topology');
    expect(topology).toEqual({ id: expect.any(String), tenant_id: TENANT });
    const network = ok(await tenant.get(`/networks/${String(topology['id'])}`), 'network');
    expect(network).toMatchObject({ name: 'auto_allocated_network', admin_state_up: true, tenant_id: TENANT });
    expect(await countTopology(tenant)).toEqual([1, 1, 1]);
    const [router] = (await tenant.get('/routers?name=auto_allocated_router')).body['routers'] as Dict[];
    expect((router?.['external_gateway_info'] as Dict)['network_id']).toBeDefined();
    const interfaces = (await tenant.get(`/ports?device_id=${String(router?.['id'])}&device_owner=network:router_interface`)).body['ports'] as Dict[];
    expect(interfaces).toHaveLength(1);
    expect(ok(await tenant.get('/auto-allocated-topology/None'), 'auto_allocated_topology')).toEqual(topology);
    expect(ok(await admin.get(TOPOLOGY), 'auto_allocated_topology')).toEqual(topology);
    expect(await countTopology(tenant)).toEqual([1, 1, 1]);

    const other = admin.as({ projectId: 'tenant-b', roles: ['member', 'reader'] });
    failure(await other.get(TOPOLOGY), 403, 'NotAuthorized');
    expect((await tenant.delete(TOPOLOGY)).status).toBe(204);
    expect(await countTopology(tenant)).toEqual([0, 0, 0]);
  });
});
