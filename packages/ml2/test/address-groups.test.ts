import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, NetServer } from 'net-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratedDatabase, type TestDatabase } from '../../net-server/test/api/db-harness.js';
import { ensureBuilt } from './built.js';
import { appWithPackages, logger, tempDir } from './helpers.js';

/*
 * address-group, rbac-address-group and security-groups-remote-address-group
 * over the REST API of `core_plugin = ml2` (built, as `net-server start`
 * loads it), on SQLite, PostgreSQL and MariaDB: what
 * neutron_tempest_plugin's AddressGroupTest and RbacSharedAddressGroupTest
 * ask, and rules whose remote is an address group.
 */

const ADMIN = 'admin-project';
const OWNER = 'project-owner';
const TARGET = 'project-target';
const OTHER = 'project-other';

/** A parsed JSON body, navigated freely by assertions (as net-server's API harness). */
type Json = ReturnType<typeof JSON.parse>;
type Reply = { status: number; body: Json };

describe.each(['sqlite', 'postgres', 'mysql'] as const)('address groups on %s', (dialect) => {
  let server: NetServer | undefined;
  let db: TestDatabase;
  let url: string;

  beforeAll(async () => {
    ensureBuilt();
    db = await migratedDatabase(dialect);
    const conf = join(tempDir(), 'net-server.conf');
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
  }, 300_000);

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
  const addressGroup = async (project: string, body: Record<string, unknown> = {}): Promise<Json> => {
    const reply = await call(project, 'POST', '/address-groups', { address_group: { name: 'ag', ...body } }, project === ADMIN ? 'admin,member' : 'member');
    expect(reply).toMatchObject({ status: 201 });
    return reply.body['address_group'];
  };
  const share = (groupId: string, target: string) =>
    admin('POST', '/rbac-policies', { rbac_policy: { object_type: 'address_group', object_id: groupId, action: 'access_as_shared', target_tenant: target } });
  const securityGroup = async (project: string): Promise<string> => {
    const reply = await call(project, 'POST', '/security-groups', { security_group: { name: 'sg' } });
    expect(reply.status).toBe(201);
    return reply.body['security_group'].id;
  };
  const rule = (project: string, body: Record<string, unknown>) =>
    call(project, 'POST', '/security-group-rules', { security_group_rule: { direction: 'ingress', protocol: 'tcp', ...body } });

  it('advertises the three extensions', async () => {
    const aliases = ((await admin('GET', '/extensions')).body['extensions'] as { alias: string }[]).map((extension) => extension.alias);
    expect(aliases).toEqual(expect.arrayContaining(['address-group', 'rbac-address-group', 'security-groups-remote-address-group']));
  });

  it('creates, shows, updates and deletes a group, with its addresses normalised', async () => {
    const created = await addressGroup(OWNER, { description: 'AG', addresses: ['10.10.10.3/32', '192.168.0.10/24', '2001:db8::f00/64', '192.168.0.1/24'] });
    expect(created).toEqual({
      id: expect.any(String),
      name: 'ag',
      description: 'AG',
      project_id: OWNER,
      tenant_id: OWNER,
      addresses: ['10.10.10.3/32', '192.168.0.0/24', '2001:db8::/64'].sort(),
      created_at: expect.any(String),
      updated_at: expect.any(String),
      revision_number: 0,
    });
    const updated = await call(OWNER, 'PUT', `/address-groups/${created.id}`, { address_group: { description: 'new' } });
    expect(updated.body['address_group']).toMatchObject({ name: 'ag', description: 'new', revision_number: 1, addresses: created.addresses });
    expect(errorOf(await call(OWNER, 'PUT', `/address-groups/${created.id}`, { address_group: { addresses: [] } }))).toBe('400 HTTPBadRequest');
    expect((await call(OWNER, 'GET', '/address-groups?name=ag')).body['address_groups'].map((g: Json) => g.id)).toContain(created.id);
    expect(errorOf(await call(OTHER, 'GET', `/address-groups/${created.id}`))).toBe('404 AddressGroupNotFound');
    expect((await call(OWNER, 'DELETE', `/address-groups/${created.id}`)).status).toBe(204);
    expect(errorOf(await call(OWNER, 'GET', `/address-groups/${created.id}`))).toBe('404 AddressGroupNotFound');
  });

  it('refuses addresses that are no CIDRs on create', async () => {
    for (const address of ['10.20.30.40', 'this is bad IP address']) {
      const reply = await call(OWNER, 'POST', '/address-groups', { address_group: { name: 'bad', addresses: [address] } });
      expect(reply.status).toBe(400);
    }
  });

  it('adds and removes addresses, refusing duplicates, missing and malformed ones', async () => {
    const group = await addressGroup(OWNER, { addresses: ['10.10.10.3/32', '192.168.0.10/24'] });
    const path = `/address-groups/${group.id}`;
    const added = await call(OWNER, 'PUT', `${path}/add_addresses`, { addresses: ['10.20.30.40/32', '2001:db8::1/64'] });
    expect(added.status).toBe(200);
    expect(added.body['address_group']).toMatchObject({ id: group.id, revision_number: 1 });
    expect([...added.body['address_group'].addresses].sort()).toEqual(['10.10.10.3/32', '10.20.30.40/32', '192.168.0.0/24', '2001:db8::/64']);
    const duplicate = await call(OWNER, 'PUT', `${path}/add_addresses`, { addresses: ['192.168.0.99/24'] });
    expect(errorOf(duplicate)).toBe('400 AddressesAlreadyExist');
    expect(duplicate.body['NeutronError'].message).toBe(`Addresses ['192.168.0.0/24'] already exist in the address group ${group.id}.`);
    expect(errorOf(await call(OWNER, 'PUT', `${path}/add_addresses`, { addresses: ['this is bad IP address'] }))).toBe('400 AddrFormatError');
    const missing = await call(OWNER, 'PUT', `${path}/remove_addresses`, { addresses: ['10.200.200.200'] });
    expect(errorOf(missing)).toBe('404 AddressesNotFound');
    expect(missing.body['NeutronError'].message).toBe(`Addresses ['10.200.200.200/32'] not found in the address group ${group.id}.`);
    expect(errorOf(await call(OWNER, 'PUT', `${path}/remove_addresses`, { addresses: ['this is bad IP address'] }))).toBe('400 AddrFormatError');
    const removed = await call(OWNER, 'PUT', `${path}/remove_addresses`, { addresses: ['10.10.10.3', '2001:db8::/64'] });
    expect(removed.status).toBe(200);
    expect([...removed.body['address_group'].addresses].sort()).toEqual(['10.20.30.40/32', '192.168.0.0/24']);
    expect(errorOf(await call(OTHER, 'PUT', `${path}/add_addresses`, { addresses: ['10.0.0.0/8'] }))).toBe('404 AddressGroupNotFound');
  });

  it('shares a group: the target sees it and names it in rules, but cannot change it; its rules keep the entry', async () => {
    const group = await addressGroup(ADMIN);
    expect(errorOf(await call(TARGET, 'GET', `/address-groups/${group.id}`))).toBe('404 AddressGroupNotFound');
    const sg = await securityGroup(TARGET);
    expect(errorOf(await rule(TARGET, { security_group_id: sg, remote_address_group_id: group.id }))).toBe('404 AddressGroupNotFound');
    const entry = await share(group.id, TARGET);
    expect(entry.status).toBe(201);
    const seen = await call(TARGET, 'GET', `/address-groups/${group.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body['address_group']).not.toHaveProperty('shared');
    // As neutron's update, which reads the group without `shared`: a 404, not a 403.
    expect(errorOf(await call(TARGET, 'PUT', `/address-groups/${group.id}`, { address_group: { name: 'mine' } }))).toBe('404 HTTPNotFound');
    const created = await rule(TARGET, { security_group_id: sg, remote_address_group_id: group.id });
    expect(created.status).toBe(201);
    expect(created.body['security_group_rule']).toMatchObject({ remote_address_group_id: group.id, remote_ip_prefix: null, remote_group_id: null });
    expect(errorOf(await rule(TARGET, { security_group_id: sg, remote_address_group_id: group.id }))).toBe('409 SecurityGroupRuleExists');
    expect(errorOf(await admin('DELETE', `/rbac-policies/${entry.body['rbac_policy'].id}`))).toBe('409 RbacPolicyInUse');
    expect(errorOf(await admin('DELETE', `/address-groups/${group.id}`))).toBe('409 AddressGroupInUse');
    expect((await call(TARGET, 'DELETE', `/security-group-rules/${created.body['security_group_rule'].id}`)).status).toBe(204);
    expect((await admin('DELETE', `/rbac-policies/${entry.body['rbac_policy'].id}`)).status).toBe(204);
    expect((await admin('DELETE', `/address-groups/${group.id}`)).status).toBe(204);
  });

  it('takes one remote per rule', async () => {
    const group = await addressGroup(OWNER, { addresses: ['10.0.0.0/8'] });
    const sg = await securityGroup(OWNER);
    const both = await rule(OWNER, { security_group_id: sg, remote_address_group_id: group.id, remote_ip_prefix: '10.0.0.0/8' });
    expect(errorOf(both)).toBe('400 SecurityGroupMultipleRemoteEntites');
    const withGroup = await rule(OWNER, { security_group_id: sg, remote_address_group_id: group.id, remote_group_id: sg });
    expect(errorOf(withGroup)).toBe('400 SecurityGroupMultipleRemoteEntites');
    expect(errorOf(await rule(OWNER, { security_group_id: sg, remote_address_group_id: '9b5c9b2e-0000-4000-8000-000000000000' }))).toBe(
      '404 AddressGroupNotFound',
    );
    const listed = await call(OWNER, 'GET', `/security-group-rules?remote_address_group_id=${group.id}`);
    expect(listed.body['security_group_rules']).toEqual([]);
  });
});
