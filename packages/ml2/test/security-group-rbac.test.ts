import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, NetServer } from 'net-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratedDatabase, type TestDatabase } from '../../net-server/test/api/db-harness.js';
import { ensureBuilt } from './built.js';
import { appWithPackages, logger, tempDir } from './helpers.js';

/*
 * rbac-security-groups over the REST API of `core_plugin = ml2` (built, as
 * `net-server start` loads it), on SQLite, PostgreSQL and MariaDB: a group shared
 * with one project or with every project, what the target may and may not
 * do with it, RbacPolicyInUse, and the groups' `shared`
 * (neutron_tempest_plugin's RbacSharedSecurityGroupTest asks the same).
 */

const ADMIN = 'admin-project';
const OWNER = 'project-owner';
const TARGET = 'project-target';
const OTHER = 'project-other';

/** A parsed JSON body, navigated freely by assertions (as net-server's API harness). */
type Json = ReturnType<typeof JSON.parse>;
type Reply = { status: number; body: Json };

describe.each(['sqlite', 'postgres', 'mysql'] as const)('security group RBAC on %s', (dialect) => {
  let server: NetServer | undefined;
  let db: TestDatabase;
  let url: string;

  beforeAll(async () => {
    ensureBuilt();
    // The core's tables; the server adds ML2's (schema: 'upgrade').
    db = await migratedDatabase(dialect);
    const dir = tempDir();
    const conf = join(dir, 'net-server.conf');
    writeFileSync(
      conf,
      [
        '[DEFAULT]',
        'core_plugin = ml2',
        'bind_host = 127.0.0.1',
        'bind_port = 0',
        '[database]',
        `connection = ${db.url}`,
        '[ml2]',
        'type_drivers = vxlan',
        'tenant_network_types = vxlan',
        'mechanism_drivers = openvswitch',
        'extension_drivers = port_security',
        '[ml2_type_vxlan]',
        'vni_ranges = 1:100',
      ].join('\n'),
    );
    const plugins = { root: appWithPackages() };
    server = await NetServer.load({
      source: { loadConfig: async () => ({ config: await loadConfig({ configFiles: [conf], plugins, env: {}, logger }), logger }), plugins },
      schema: 'upgrade',
    });
    await server.start();
    url = `http://127.0.0.1:${server.apiAddress!.port}/v2.0`;
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  async function call(project: string, method: string, path: string, body?: unknown, roles = 'member'): Promise<Reply> {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-project-id': project, 'x-roles': roles },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : {} };
  }
  const admin = (method: string, path: string, body?: unknown) => call(ADMIN, method, path, body, 'admin,member');
  const errorOf = (reply: Reply): string => `${reply.status} ${reply.body['NeutronError']?.type}`;
  const ids = (reply: Reply, key: string): string[] => (reply.body[key] as { id: string }[]).map((item) => item.id);
  const group = async (project: string, name: string): Promise<string> => {
    const reply = await call(project, 'POST', '/security-groups', { security_group: { name } });
    expect(reply.status).toBe(201);
    return reply.body['security_group'].id;
  };
  const share = (project: string, groupId: string, target: string, roles = 'member') =>
    call(
      project,
      'POST',
      '/rbac-policies',
      { rbac_policy: { object_type: 'security_group', object_id: groupId, action: 'access_as_shared', target_tenant: target } },
      roles,
    );
  const portIn = async (project: string, groupId: string): Promise<Reply> => {
    const network = await call(project, 'POST', '/networks', { network: { name: `net-${project}` } });
    expect(network.status).toBe(201);
    return call(project, 'POST', '/ports', { port: { network_id: network.body['network'].id, security_groups: [groupId] } });
  };

  it('advertises rbac-security-groups and security-groups-shared-filtering', async () => {
    const aliases = ((await admin('GET', '/extensions')).body['extensions'] as { alias: string }[]).map((extension) => extension.alias);
    expect(aliases).toEqual(expect.arrayContaining(['rbac-policies', 'rbac-security-groups', 'security-groups-shared-filtering']));
  });

  it('shares a group with one project: it sees the group and uses it on its ports, but neither changes it nor sees the entry', async () => {
    const sg = await group(OWNER, 'web');
    expect(errorOf(await call(TARGET, 'GET', `/security-groups/${sg}`))).toBe('404 SecurityGroupNotFound');
    expect(errorOf(await portIn(TARGET, sg))).toBe('404 SecurityGroupNotFound');
    const created = await share(OWNER, sg, TARGET);
    expect(created.status).toBe(201);
    const entry = created.body['rbac_policy'];
    expect(entry).toEqual({
      id: expect.any(String),
      object_type: 'security_group',
      object_id: sg,
      action: 'access_as_shared',
      target_tenant: TARGET,
      project_id: OWNER,
      tenant_id: OWNER,
    });
    // `shared` is as the caller's project sees it (neutron's is_shared_with_project).
    const seen = (await call(TARGET, 'GET', `/security-groups/${sg}`)).body['security_group'];
    expect(seen).toMatchObject({ id: sg, project_id: OWNER, shared: true });
    expect(seen['security_group_rules']).toHaveLength(2);
    expect((await call(OWNER, 'GET', `/security-groups/${sg}`)).body['security_group'].shared).toBe(false);
    expect(ids(await call(TARGET, 'GET', '/security-groups?shared=true'), 'security_groups')).toEqual([sg]);
    expect(ids(await call(TARGET, 'GET', '/security-groups?shared=false'), 'security_groups')).not.toContain(sg);
    expect(errorOf(await call(OTHER, 'GET', `/security-groups/${sg}`))).toBe('404 SecurityGroupNotFound');
    const port = await portIn(TARGET, sg);
    expect(port.status).toBe(201);
    expect(port.body['port'].security_groups).toEqual([sg]);
    // The group stays its owner's.
    expect(errorOf(await call(TARGET, 'PUT', `/security-groups/${sg}`, { security_group: { name: 'mine' } }))).toBe('403 PolicyNotAuthorized');
    expect(errorOf(await call(TARGET, 'DELETE', `/security-groups/${sg}`))).toBe('403 PolicyNotAuthorized');
    const rule = { security_group_id: sg, direction: 'ingress', protocol: 'tcp', port_range_min: 22, port_range_max: 22 };
    expect(errorOf(await call(TARGET, 'POST', '/security-group-rules', { security_group_rule: rule }))).toBe('404 SecurityGroupNotFound');
    // The entry is its creator's.
    expect(ids(await call(OWNER, 'GET', '/rbac-policies'), 'rbac_policies')).toEqual([entry.id]);
    expect(ids(await call(TARGET, 'GET', '/rbac-policies'), 'rbac_policies')).toEqual([]);
    expect(errorOf(await call(TARGET, 'DELETE', `/rbac-policies/${entry.id}`))).toBe('404 RbacPolicyNotFound');
    // Taking the access away while the target's port uses the group, or moving it, is RbacPolicyInUse; once the port is gone it goes.
    expect(errorOf(await call(OWNER, 'DELETE', `/rbac-policies/${entry.id}`))).toBe('409 RbacPolicyInUse');
    expect(errorOf(await call(OWNER, 'PUT', `/rbac-policies/${entry.id}`, { rbac_policy: { target_tenant: OTHER } }))).toBe('409 RbacPolicyInUse');
    expect((await call(TARGET, 'DELETE', `/ports/${port.body['port'].id}`)).status).toBe(204);
    const moved = await call(OWNER, 'PUT', `/rbac-policies/${entry.id}`, { rbac_policy: { target_tenant: OTHER } });
    expect(moved.body['rbac_policy']).toEqual({ ...entry, target_tenant: OTHER });
    expect(errorOf(await call(TARGET, 'GET', `/security-groups/${sg}`))).toBe('404 SecurityGroupNotFound');
    expect((await call(OTHER, 'GET', `/security-groups/${sg}`)).status).toBe(200);
    expect((await call(OWNER, 'DELETE', `/rbac-policies/${entry.id}`)).status).toBe(204);
    expect(errorOf(await call(OTHER, 'GET', `/security-groups/${sg}`))).toBe('404 SecurityGroupNotFound');
  });

  it('shares with every project only for admins; the wildcard entry stays while a project without its own entry uses the group', async () => {
    const sg = await group(OWNER, 'everyone');
    expect(errorOf(await share(OWNER, sg, '*'))).toBe('403 PolicyNotAuthorized');
    const everyone = (await share(ADMIN, sg, '*', 'admin,member')).body['rbac_policy'];
    expect(everyone).toMatchObject({ object_type: 'security_group', target_tenant: '*', project_id: ADMIN });
    expect((await call(OWNER, 'GET', `/security-groups/${sg}`)).body['security_group'].shared).toBe(true);
    const port = await portIn(OTHER, sg);
    expect(port.status).toBe(201);
    expect(errorOf(await admin('DELETE', `/rbac-policies/${everyone.id}`))).toBe('409 RbacPolicyInUse');
    // An entry of OTHER's own keeps its access, so the wildcard may go; then OTHER's entry may not.
    const own = (await share(OWNER, sg, OTHER)).body['rbac_policy'];
    expect((await admin('DELETE', `/rbac-policies/${everyone.id}`)).status).toBe(204);
    expect(errorOf(await call(OWNER, 'DELETE', `/rbac-policies/${own.id}`))).toBe('409 RbacPolicyInUse');
    expect((await call(OTHER, 'DELETE', `/ports/${port.body['port'].id}`)).status).toBe(204);
    // A group's entries go with it.
    expect((await call(OWNER, 'DELETE', `/security-groups/${sg}`)).status).toBe(204);
    expect(errorOf(await call(OWNER, 'GET', `/rbac-policies/${own.id}`))).toBe('404 RbacPolicyNotFound');
  });

  it("refuses entries from projects that do not own the group, unknown actions and duplicates, and lists each object type's entries", async () => {
    const sg = await group(OWNER, 'guarded');
    const entry = await share(OWNER, sg, TARGET);
    expect(entry.status).toBe(201);
    expect(errorOf(await share(TARGET, sg, OTHER))).toBe('400 InvalidInput');
    expect(errorOf(await share(OTHER, sg, OTHER))).toBe('400 InvalidInput');
    expect(errorOf(await share(OWNER, sg, TARGET))).toBe('409 DuplicateRbacPolicy');
    const external = { object_type: 'security_group', object_id: sg, action: 'access_as_external', target_tenant: OTHER };
    expect(errorOf(await call(OWNER, 'POST', '/rbac-policies', { rbac_policy: external }))).toBe('400 InvalidActionForType');
    expect(errorOf(await share(OWNER, '00000000-0000-0000-0000-000000000000', TARGET))).toBe('404 SecurityGroupNotFound');
    const network = (await call(OWNER, 'POST', '/networks', { network: { name: 'both' } })).body['network'].id;
    const onNetwork = await call(OWNER, 'POST', '/rbac-policies', {
      rbac_policy: { object_type: 'network', object_id: network, action: 'access_as_shared', target_tenant: TARGET },
    });
    expect(onNetwork.status).toBe(201);
    const listed = (reply: Reply): string[] => {
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      return (reply.body['rbac_policies'] as { object_type: string; object_id: string }[]).map((entry) => `${entry.object_type} ${entry.object_id}`);
    };
    expect(listed(await call(OWNER, 'GET', `/rbac-policies?object_id=${sg}&object_id=${network}`)).sort()).toEqual([
      `network ${network}`,
      `security_group ${sg}`,
    ]);
    expect(listed(await call(OWNER, 'GET', `/rbac-policies?object_type=security_group&object_id=${sg}&object_id=${network}`))).toEqual([
      `security_group ${sg}`,
    ]);
    expect(listed(await call(OWNER, 'GET', `/rbac-policies?object_type=network&object_id=${sg}&object_id=${network}`))).toEqual([`network ${network}`]);
    const fields = (await admin('GET', `/rbac-policies?object_id=${sg}&fields=object_type&fields=object_id`)).body['rbac_policies'];
    expect(fields).toEqual([{ object_type: 'security_group', object_id: sg }]);
    // Paged across the types, in id order.
    const [first, last] = [entry.body['rbac_policy'].id, onNetwork.body['rbac_policy'].id].sort();
    const both = `/rbac-policies?object_id=${sg}&object_id=${network}&limit=1`;
    expect(ids(await call(OWNER, 'GET', both), 'rbac_policies')).toEqual([first]);
    expect(ids(await call(OWNER, 'GET', `${both}&marker=${first}`), 'rbac_policies')).toEqual([last]);
  });
});
