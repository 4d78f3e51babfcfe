import { describe, expect, it } from 'vitest';
import type { Json } from './api-harness.js';
import { dbBasePluginApiForSuite, dialects } from './db-harness.js';

/*
 * neutron's rbac-policies on networks over real HTTP, on the DB base plugin
 * with each database: entries for one project and for every project, the
 * `shared` attribute as the wildcard entry, RbacPolicyInUse, and Zed's
 * policies (neutron_tempest_plugin's test_shared_network_extension asks
 * the same of neutron).
 */

const ALICE = 'project-alice';
const BOB = 'project-bob';
const CAROL = 'project-carol';

describe.each(dialects)('rbac-policies on %s', (dialect) => {
  const { admin, member } = dbBasePluginApiForSuite(dialect, { 'QUOTAS.quota_rbac_policy': '8' });
  const errorOf = (reply: Json): string => `${reply.status} ${reply.body?.NeutronError?.type}`;
  const network = async (project: string, extra: Record<string, unknown> = {}): Promise<string> => {
    const reply = await member(project, 'POST', '/networks', { network: { name: `net-of-${project}`, ...extra } });
    expect(reply.status).toBe(201);
    return reply.body.network.id;
  };
  const share = (project: string, networkId: string, target: string, action = 'access_as_shared') =>
    member(project, 'POST', '/rbac-policies', { rbac_policy: { object_type: 'network', object_id: networkId, action, target_tenant: target } });
  const ids = (reply: Json, key: string): string[] => (reply.body[key] as { id: string }[]).map((item) => item.id);

  it('advertises rbac-policies and serves /v2.0/rbac-policies', async () => {
    const aliases = ((await admin('GET', '/extensions')).body.extensions as { alias: string }[]).map((extension) => extension.alias);
    expect(aliases).toContain('rbac-policies');
    expect((await admin('GET', '/extensions/rbac-policies')).body.extension.name).toBe('RBAC Policies');
    expect((await admin('GET', '/rbac-policies')).status).toBe(200);
  });

  it('shares a network with one project: it sees the network and its subnets, uses it for ports, and cannot see the entry', async () => {
    const net = await network(ALICE);
    expect(errorOf(await member(BOB, 'GET', `/networks/${net}`))).toBe('404 NetworkNotFound');
    const created = await share(ALICE, net, BOB);
    expect(created.status).toBe(201);
    const entry = created.body.rbac_policy;
    expect(entry).toEqual({
      id: expect.any(String),
      object_type: 'network',
      object_id: net,
      action: 'access_as_shared',
      target_tenant: BOB,
      project_id: ALICE,
      tenant_id: ALICE,
    });
    // As neutron's _is_network_shared: shared with the caller (or everyone) reads true.
    expect((await member(BOB, 'GET', `/networks/${net}`)).body.network.shared).toBe(true);
    expect((await member(ALICE, 'GET', `/networks/${net}`)).body.network.shared).toBe(false);
    expect(ids(await member(BOB, 'GET', '/networks'), 'networks')).toContain(net);
    expect(ids(await member(BOB, 'GET', '/networks?shared=true'), 'networks')).toContain(net);
    expect(errorOf(await member(CAROL, 'GET', `/networks/${net}`))).toBe('404 NetworkNotFound');
    // The owner's subnet is seen by the target; creating one is the network owner's (create_subnet: admin_or_network_owner).
    const subnet = await member(ALICE, 'POST', '/subnets', { subnet: { network_id: net, ip_version: 4, cidr: '10.1.0.0/24' } });
    expect(subnet.status).toBe(201);
    expect((await member(BOB, 'GET', `/subnets/${subnet.body.subnet.id}`)).status).toBe(200);
    // A subnet's `shared` is hidden, yet filters: it is its network's, as the caller sees it.
    expect(ids(await member(BOB, 'GET', '/subnets?shared=true'), 'subnets')).toContain(subnet.body.subnet.id);
    expect(ids(await member(ALICE, 'GET', '/subnets?shared=true'), 'subnets')).not.toContain(subnet.body.subnet.id);
    expect(errorOf(await member(CAROL, 'GET', `/subnets/${subnet.body.subnet.id}`))).toBe('404 SubnetNotFound');
    expect((await member(BOB, 'POST', '/subnets', { subnet: { network_id: net, ip_version: 4, cidr: '10.2.0.0/24' } })).status).toBe(403);
    const port = await member(BOB, 'POST', '/ports', { port: { network_id: net } });
    expect(port.status).toBe(201);
    expect(port.body.port.fixed_ips[0].subnet_id).toBe(subnet.body.subnet.id);
    // The entry is its creator's: listed for ALICE, not for BOB.
    expect(ids(await member(ALICE, 'GET', '/rbac-policies'), 'rbac_policies')).toContain(entry.id);
    expect(ids(await member(BOB, 'GET', '/rbac-policies'), 'rbac_policies')).not.toContain(entry.id);
    expect(errorOf(await member(BOB, 'GET', `/rbac-policies/${entry.id}`))).toBe('404 RbacPolicyNotFound');
    expect((await member(ALICE, 'GET', `/rbac-policies/${entry.id}?fields=id&fields=action`)).body.rbac_policy).toEqual({
      id: entry.id,
      action: 'access_as_shared',
    });
  });

  it('refuses removing access a project still uses (RbacPolicyInUse), then allows it once the port is gone', async () => {
    const net = await network(ALICE);
    const entry = (await share(ALICE, net, BOB)).body.rbac_policy;
    await member(ALICE, 'POST', '/subnets', { subnet: { network_id: net, ip_version: 4, cidr: '10.3.0.0/24' } });
    const port = (await member(BOB, 'POST', '/ports', { port: { network_id: net } })).body.port;
    expect(errorOf(await member(ALICE, 'DELETE', `/rbac-policies/${entry.id}`))).toBe('409 RbacPolicyInUse');
    // Moving the entry to another project takes BOB's access away just the same.
    expect(errorOf(await member(ALICE, 'PUT', `/rbac-policies/${entry.id}`, { rbac_policy: { target_tenant: CAROL } }))).toBe('409 RbacPolicyInUse');
    // A wildcard entry covers BOB, so his own may go.
    const everyone = (
      await admin('POST', '/rbac-policies', { rbac_policy: { object_type: 'network', object_id: net, action: 'access_as_shared', target_tenant: '*' } })
    ).body.rbac_policy;
    expect((await member(ALICE, 'DELETE', `/rbac-policies/${entry.id}`)).status).toBe(204);
    expect(errorOf(await admin('DELETE', `/rbac-policies/${everyone.id}`))).toBe('409 RbacPolicyInUse');
    expect((await member(BOB, 'DELETE', `/ports/${port.id}`)).status).toBe(204);
    expect((await admin('DELETE', `/rbac-policies/${everyone.id}`)).status).toBe(204);
    expect(errorOf(await member(BOB, 'GET', `/networks/${net}`))).toBe('404 NetworkNotFound');
  });

  it('moves an entry to another project', async () => {
    const net = await network(ALICE);
    const entry = (await share(ALICE, net, BOB)).body.rbac_policy;
    const moved = await member(ALICE, 'PUT', `/rbac-policies/${entry.id}`, { rbac_policy: { target_tenant: CAROL } });
    expect(moved.body.rbac_policy).toEqual({ ...entry, target_tenant: CAROL });
    expect(errorOf(await member(BOB, 'GET', `/networks/${net}`))).toBe('404 NetworkNotFound');
    expect((await member(CAROL, 'GET', `/networks/${net}`)).status).toBe(200);
  });

  it('keeps `shared` and the wildcard access_as_shared entry one fact, both ways', async () => {
    const net = (await admin('POST', '/networks', { network: { name: 'public', shared: true, tenant_id: ALICE } })).body.network;
    expect(net.shared).toBe(true);
    const wildcard = async () =>
      (await admin('GET', `/rbac-policies?object_id=${net.id}&target_tenant=*`)).body.rbac_policies as { id: string; project_id: string; action: string }[];
    expect(await wildcard()).toEqual([expect.objectContaining({ project_id: ALICE, action: 'access_as_shared' })]);
    expect(ids(await member(CAROL, 'GET', '/networks?shared=true'), 'networks')).toContain(net.id);
    expect(ids(await member(CAROL, 'GET', '/networks?shared=false'), 'networks')).not.toContain(net.id);
    expect(ids(await admin('GET', '/networks?shared=false'), 'networks')).not.toContain(net.id);
    expect((await admin('PUT', `/networks/${net.id}`, { network: { shared: false } })).body.network.shared).toBe(false);
    expect(await wildcard()).toEqual([]);
    expect(errorOf(await member(CAROL, 'GET', `/networks/${net.id}`))).toBe('404 NetworkNotFound');
    const before = (await admin('GET', `/networks/${net.id}`)).body.network.revision_number as number;
    const entry = (
      await admin('POST', '/rbac-policies', { rbac_policy: { object_type: 'network', object_id: net.id, action: 'access_as_shared', target_tenant: '*' } })
    ).body.rbac_policy;
    const after = (await admin('GET', `/networks/${net.id}`)).body.network;
    expect([after.shared, after.revision_number > before]).toEqual([true, true]);
    // Unsharing is refused while a project without an entry of its own has a port on it (InvalidSharedSetting), allowed once it has one.
    await admin('POST', '/subnets', { subnet: { network_id: net.id, ip_version: 4, cidr: '10.4.0.0/24', tenant_id: ALICE } });
    expect((await member(CAROL, 'POST', '/ports', { port: { network_id: net.id } })).status).toBe(201);
    expect(errorOf(await admin('PUT', `/networks/${net.id}`, { network: { shared: false } }))).toBe('409 InvalidSharedSetting');
    expect((await share(ALICE, net.id, CAROL)).status).toBe(201);
    expect((await admin('PUT', `/networks/${net.id}`, { network: { shared: false } })).status).toBe(200);
    expect(errorOf(await admin('GET', `/rbac-policies/${entry.id}`))).toBe('404 RbacPolicyNotFound');
    expect((await member(CAROL, 'GET', `/networks/${net.id}`)).body.network.shared).toBe(true);
    // The network's entries go with it.
    const carols = (await member(ALICE, 'GET', `/rbac-policies?object_id=${net.id}`)).body.rbac_policies as { id: string }[];
    expect(carols).toHaveLength(1);
    for (const port of (await admin('GET', `/ports?network_id=${net.id}`)).body.ports as { id: string }[]) await admin('DELETE', `/ports/${port.id}`);
    expect((await admin('DELETE', `/networks/${net.id}`)).status).toBe(204);
    expect(errorOf(await admin('GET', `/rbac-policies/${carols[0]!.id}`))).toBe('404 RbacPolicyNotFound');
  });

  it('counts entries against the rbac_policy quota of their project', async () => {
    const quota = 'project-quota';
    expect((await admin('GET', `/quotas/${quota}`)).body.quota.rbac_policy).toBe(8);
    const net = await network(quota);
    for (let i = 0; i < 8; i += 1) expect((await share(quota, net, `target-${i}`)).status).toBe(201);
    expect(errorOf(await share(quota, net, 'target-8'))).toBe('409 OverQuota');
  });

  it("applies Zed's rules: owners and admins manage a network's entries, only admins share with every project", async () => {
    const net = await network(ALICE);
    expect(errorOf(await share(ALICE, net, '*'))).toBe('403 PolicyNotAuthorized');
    const entry = (await share(ALICE, net, BOB)).body.rbac_policy;
    expect(errorOf(await member(ALICE, 'PUT', `/rbac-policies/${entry.id}`, { rbac_policy: { target_tenant: '*' } }))).toBe('403 PolicyNotAuthorized');
    // BOB sees the network through the entry but does not own it; CAROL does not see it at all.
    expect(errorOf(await share(BOB, net, BOB))).toBe('400 InvalidInput');
    expect(errorOf(await share(CAROL, net, CAROL))).toBe('404 NetworkNotFound');
    expect(errorOf(await member(BOB, 'DELETE', `/rbac-policies/${entry.id}`))).toBe('404 RbacPolicyNotFound');
    expect(errorOf(await share(ALICE, net, BOB))).toBe('409 DuplicateRbacPolicy');
    expect(
      (await admin('POST', '/rbac-policies', { rbac_policy: { object_type: 'network', object_id: net, action: 'access_as_shared', target_tenant: CAROL } }))
        .status,
    ).toBe(201);
    expect(errorOf(await share(ALICE, net, CAROL, 'access_as_readonly'))).toBe('400 InvalidActionForType');
    // Without the L3 plugin access_as_external is no action of networks.
    expect(errorOf(await share(ALICE, net, CAROL, 'access_as_external'))).toBe('400 InvalidActionForType');
    const body = { object_type: 'qos_policy', object_id: net, action: 'access_as_shared', target_tenant: CAROL };
    expect(errorOf(await member(ALICE, 'POST', '/rbac-policies', { rbac_policy: body }))).toBe('400 InvalidInput');
    expect((await member(ALICE, 'POST', '/rbac-policies', { rbac_policy: { ...body, object_type: 'network', target_tenant: null } })).status).toBe(400);
    expect(
      (await member(ALICE, 'POST', '/rbac-policies', { rbac_policy: { ...body, object_type: 'network', target_tenant: '1234'.repeat(100) } })).status,
    ).toBe(400);
  });
});
