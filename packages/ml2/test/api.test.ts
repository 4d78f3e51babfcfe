import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants } from '@net-server/lib';
import { loadConfig, NetServer, type Database } from 'net-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ml2View, type Ml2Plugin } from '@net-server/ml2';
import { ensureBuilt } from './built.js';
import { appWithPackages, logger, tempDir } from './helpers.js';

let server: NetServer | undefined;
let url: string;
let database: Database;
let plugin: Ml2Plugin;

/*
 * `core_plugin = ml2` as `net-server start` runs it in one process (its
 * NetServer): net-server's NeutronManager finds the built @net-server/ml2
 * installed in the application, which loads its drivers by name from
 * there; requests go through the REST API.
 */
beforeAll(async () => {
  ensureBuilt();
  const app = appWithPackages();
  const dir = tempDir();
  const conf = join(dir, 'net-server.conf');
  writeFileSync(
    conf,
    [
      '[DEFAULT]',
      'core_plugin = ml2',
      'dns_domain = example.org.',
      'bind_host = 127.0.0.1',
      'bind_port = 0',
      '[database]',
      `connection = sqlite:///${join(dir, 'db.sqlite')}`,
      '[ml2]',
      'type_drivers = flat,vlan,vxlan',
      'tenant_network_types = vxlan',
      'mechanism_drivers = logger,openvswitch',
      'extension_drivers = port_security,dns',
      '[ml2_type_vlan]',
      'network_vlan_ranges = physnet1:100:199',
      '[ml2_type_vxlan]',
      'vni_ranges = 1:100',
    ].join('\n'),
  );
  const plugins = { root: app };
  server = await NetServer.load({
    source: { loadConfig: async () => ({ config: await loadConfig({ configFiles: [conf], plugins, env: {}, logger }), logger }), plugins },
    schema: 'upgrade',
  });
  await server.start();
  ({ database } = server.environment.current);
  plugin = server.environment.current.manager.corePlugin as Ml2Plugin;
  url = `http://127.0.0.1:${server.apiAddress!.port}/v2.0`;
}, 180_000);

afterAll(async () => {
  await server?.stop();
});

async function request(method: string, path: string, body?: unknown, roles = 'admin,member'): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-project-id': 'p1', 'x-roles': roles },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

describe('core_plugin = ml2 through the REST API', () => {
  it('announces ML2 extensions', async () => {
    const { body } = await request('GET', '/extensions');
    const aliases = (body['extensions'] as { alias: string }[]).map((e) => e.alias);
    expect(aliases).toEqual(
      expect.arrayContaining([
        'provider',
        'multi-provider',
        'binding',
        'agent',
        'port-security',
        'net-mtu',
        'net-mtu-writable',
        'security-group',
        'dns-integration',
      ]),
    );
  });

  it('creates provider networks and refuses a segment in use', async () => {
    const vlan = { name: 'v', 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet1', 'provider:segmentation_id': 150 };
    const created = await request('POST', '/networks', { network: vlan });
    expect(created.status).toBe(201);
    expect(created.body['network']).toMatchObject({ ...vlan, mtu: 1500, port_security_enabled: true });
    const again = await request('POST', '/networks', { network: { ...vlan, name: 'v2' } });
    expect(again.status).toBe(409);
    expect(again.body['NeutronError']).toMatchObject({ type: 'VlanIdInUse' });
    const bad = await request('POST', '/networks', { network: { name: 'x', 'provider:network_type': 'vlan', 'provider:physical_network': 'nope' } });
    expect(bad.status).toBe(400);
    expect(bad.body['NeutronError']).toMatchObject({
      type: 'InvalidInput',
      message: "Invalid input for operation: physical_network 'nope' unknown for VLAN provider network.",
    });
    const tenant = await request('POST', '/networks', { network: { name: 't' } });
    expect(tenant.body['network']).toMatchObject({ 'provider:network_type': 'vxlan', mtu: 1450 });
    const vlans = await request('GET', '/networks?provider:network_type=vlan&fields=name&fields=provider:segmentation_id');
    expect(vlans.body['networks']).toEqual([{ name: 'v', 'provider:segmentation_id': 150 }]);
  });

  it('serves security groups and their rules', async () => {
    const listed = await request('GET', '/security-groups');
    expect(listed.status).toBe(200);
    expect((listed.body['security_groups'] as { name: string }[]).map((g) => g.name)).toEqual(['default']);
    expect((await request('GET', '/security-groups?name=web')).body['security_groups']).toEqual([]);
    const created = await request('POST', '/security-groups', { security_group: { name: 'web' } });
    expect(created.status).toBe(201);
    const group = created.body['security_group'] as { id: string };
    const rule = await request('POST', '/security-group-rules', {
      security_group_rule: { security_group_id: group.id, direction: 'ingress', protocol: 'TCP', port_range_min: 22, port_range_max: 22, ethertype: 'ipv4' },
    });
    expect(rule.status).toBe(201);
    expect(rule.body['security_group_rule']).toMatchObject({ protocol: 'tcp', ethertype: 'IPv4', port_range_min: 22 });
    const bad = await request('POST', '/security-group-rules', { security_group_rule: { security_group_id: group.id, direction: 'sideways' } });
    expect(bad.status).toBe(400);
    expect((await request('DELETE', `/security-groups/${group.id}`)).status).toBe(204);
  });

  it('shows, filters and sorts security group rules by normalized_cidr, their prefix with host bits cleared (security-groups-normalized-cidr)', async () => {
    const aliases = ((await request('GET', '/extensions')).body['extensions'] as { alias: string }[]).map((e) => e.alias);
    expect(aliases).toContain('security-groups-normalized-cidr');
    const group = ((await request('POST', '/security-groups', { security_group: { name: 'cidrs' } })).body['security_group'] as { id: string }).id;
    const rule = async (body: Record<string, unknown>) => {
      const reply = await request('POST', '/security-group-rules', { security_group_rule: { security_group_id: group, direction: 'ingress', ...body } });
      expect(reply.status, JSON.stringify(reply.body)).toBe(201);
      return reply.body['security_group_rule'] as { id: string; remote_ip_prefix: string | null; normalized_cidr: string | null };
    };
    const hostBits = await rule({ remote_ip_prefix: '10.10.0.5/16', protocol: 'tcp' });
    expect(hostBits).toMatchObject({ remote_ip_prefix: '10.10.0.5/16', normalized_cidr: '10.10.0.0/16' });
    const v6 = await rule({ ethertype: 'IPv6', remote_ip_prefix: '2001:DB8:0::1/64' });
    expect(v6.normalized_cidr).toBe('2001:db8::/64');
    const none = await rule({ protocol: 'udp' });
    expect(none).toMatchObject({ remote_ip_prefix: null, normalized_cidr: null });
    const shown = (await request('GET', `/security-group-rules/${hostBits.id}?fields=normalized_cidr`)).body['security_group_rule'];
    expect(shown).toEqual({ normalized_cidr: '10.10.0.0/16' });
    const filtered = (await request('GET', `/security-group-rules?security_group_id=${group}&normalized_cidr=10.10.0.0/16`)).body['security_group_rules'] as {
      id: string;
    }[];
    expect(filtered.map((r) => r.id)).toEqual([hostBits.id]);
    const sorted = (await request('GET', `/security-group-rules?security_group_id=${group}&direction=ingress&sort_key=normalized_cidr&sort_dir=desc&fields=id`))
      .body['security_group_rules'] as { id: string }[];
    expect(sorted.map((r) => r.id)).toEqual([v6.id, hostBits.id, none.id]);
    const readOnly = await request('POST', '/security-group-rules', {
      security_group_rule: { security_group_id: group, direction: 'egress', normalized_cidr: '10.0.0.0/8' },
    });
    expect(readOnly.status).toBe(400);
    expect((await request('DELETE', `/security-groups/${group}`)).status).toBe(204);
  });

  it('lists the ports of given security groups (port-security-groups-filtering)', async () => {
    const aliases = ((await request('GET', '/extensions')).body['extensions'] as { alias: string }[]).map((e) => e.alias);
    expect(aliases).toContain('port-security-groups-filtering');
    const network = (await request('POST', '/networks', { network: { name: 'sg-filter' } })).body['network'] as { id: string };
    const group = async (name: string) =>
      ((await request('POST', '/security-groups', { security_group: { name } })).body['security_group'] as { id: string }).id;
    const [web, db] = [await group('web'), await group('db')];
    const port = async (groups: string[]) =>
      ((await request('POST', '/ports', { port: { network_id: network.id, security_groups: groups } })).body['port'] as { id: string }).id;
    const [webPort, bothPort, noPort] = [await port([web]), await port([web, db]), await port([])];
    const ids = async (query: string) =>
      ((await request('GET', `/ports?network_id=${network.id}&${query}`)).body['ports'] as { id: string }[]).map((p) => p.id).sort();
    expect(await ids(`security_groups=${web}`)).toEqual([webPort, bothPort].sort());
    expect(await ids(`security_groups=${db}`)).toEqual([bothPort]);
    // Several values are alternatives, as for any filter.
    expect(await ids(`security_groups=${db}&security_groups=${web}`)).toEqual([webPort, bothPort].sort());
    expect(await ids(`security_groups=${db}&limit=1`)).toEqual([bothPort]);
    expect(await ids('security_groups=00000000-0000-4000-8000-000000000000')).toEqual([]);
    for (const id of [webPort, bothPort, noPort]) expect((await request('DELETE', `/ports/${id}`)).status).toBe(204);
    for (const id of [web, db]) expect((await request('DELETE', `/security-groups/${id}`)).status).toBe(204);
  });

  it('filters by an empty string instead of dropping it (empty-string-filtering)', async () => {
    const aliases = ((await request('GET', '/extensions')).body['extensions'] as { alias: string }[]).map((e) => e.alias);
    expect(aliases).toContain('empty-string-filtering');
    const network = (await request('POST', '/networks', { network: { name: 'empty-filter' } })).body['network'] as { id: string };
    const port = async (body: Record<string, unknown>) =>
      ((await request('POST', '/ports', { port: { network_id: network.id, ...body } })).body['port'] as { id: string }).id;
    const unnamed = await port({});
    const named = await port({ name: 'web', device_id: 'vm-1', description: 'front' });
    const ids = async (query: string) => {
      const reply = await request('GET', `/ports?network_id=${network.id}&${query}`);
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      return (reply.body['ports'] as { id: string }[]).map((p) => p.id).sort();
    };
    expect(await ids('name=')).toEqual([unnamed]);
    expect(await ids('device_id=')).toEqual([unnamed]);
    expect(await ids('description=&name=')).toEqual([unnamed]);
    expect(await ids('name=&name=web')).toEqual([unnamed, named].sort());
    expect(await ids('name=web&device_id=')).toEqual([]);
    // The empty value goes through the attribute's converter, as in neutron: no boolean is empty.
    const unconvertible = await request('GET', `/ports?network_id=${network.id}&admin_state_up=`);
    expect([unconvertible.status, (unconvertible.body['NeutronError'] as { type: string }).type]).toEqual([400, 'InvalidInput']);
    for (const id of [unnamed, named]) expect((await request('DELETE', `/ports/${id}`)).status).toBe(204);
  });

  it('gives security groups and rules timestamps and revisions; a rule change revises its group, as neutron_tempest_plugin test_revisions', async () => {
    const created = await request('POST', '/security-groups', { security_group: { name: 'revised' } });
    const group = created.body['security_group'] as { id: string; revision_number: number; created_at: string; updated_at: string };
    expect(group).toMatchObject({ revision_number: expect.any(Number), created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) });
    const revisionOf = async () =>
      ((await request('GET', `/security-groups/${group.id}`)).body['security_group'] as { revision_number: number }).revision_number;
    const renamed = (await request('PUT', `/security-groups/${group.id}`, { security_group: { name: 'new_sg_name' } })).body['security_group'] as {
      revision_number: number;
    };
    expect(renamed.revision_number).toBe(group.revision_number + 1);
    const rule = (
      await request('POST', '/security-group-rules', { security_group_rule: { security_group_id: group.id, direction: 'ingress', protocol: 'tcp' } })
    ).body['security_group_rule'] as {
      id: string;
      revision_number: number;
      created_at: string;
    };
    expect(rule).toMatchObject({ revision_number: 0, created_at: expect.any(String) });
    expect(await revisionOf()).toBe(group.revision_number + 2);
    expect((await request('DELETE', `/security-group-rules/${rule.id}`)).status).toBe(204);
    expect(await revisionOf()).toBe(group.revision_number + 3);
    // So If-Match constrains groups too.
    const put = (revision: number) =>
      fetch(`${url}/security-groups/${group.id}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-project-id': 'p1', 'x-roles': 'admin,member', 'if-match': `revision_number=${revision}` },
        body: JSON.stringify({ security_group: { description: 'constrained' } }),
      });
    expect((await put(group.revision_number)).status).toBe(412);
    expect((await put(group.revision_number + 3)).status).toBe(200);
    expect((await request('DELETE', `/security-groups/${group.id}`)).status).toBe(204);
  });

  it('changes ports only at the revision If-Match names (revision-if-match)', async () => {
    const network = (await request('POST', '/networks', { network: { name: 'if-match' } })).body['network'] as { id: string };
    const port = (await request('POST', '/ports', { port: { network_id: network.id } })).body['port'] as { id: string; revision_number: number };
    const put = (path: string, body: unknown, revision: number) =>
      fetch(`${url}${path}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-project-id': 'p1', 'x-roles': 'admin,member', 'if-match': `revision_number=${revision}` },
        body: JSON.stringify(body),
      });
    const stale = await put(`/ports/${port.id}`, { port: { name: 'stale' } }, port.revision_number + 1);
    expect(stale.status, await stale.clone().text()).toBe(412);
    const renamed = await put(`/ports/${port.id}`, { port: { name: 'current' } }, port.revision_number);
    expect(renamed.status).toBe(200);
    expect(((await renamed.json()) as { port: { name: string; revision_number: number } }).port).toMatchObject({
      name: 'current',
      revision_number: port.revision_number + 1,
    });
    expect((await request('DELETE', `/ports/${port.id}`)).status).toBe(204);
  });

  // The answers below are neutron Zed's to the same requests.
  describe('security group rules, checked as neutron checks them', () => {
    async function group(): Promise<string> {
      return ((await request('POST', '/security-groups', { security_group: { name: 'checked' } })).body['security_group'] as { id: string }).id;
    }
    async function createRule(groupId: string, rule: Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> }> {
      return request('POST', '/security-group-rules', { security_group_rule: { security_group_id: groupId, direction: 'ingress', ...rule } });
    }
    function refused(reply: { status: number; body: Record<string, unknown> }): [number, unknown, unknown] {
      const error = reply.body['NeutronError'] as { type?: unknown; message?: unknown } | undefined;
      return [reply.status, error?.type, error?.message];
    }

    it('takes protocol numbers 0-255 and the names neutron knows, and stores numbers as text', async () => {
      const groupId = await group();
      const cases: [unknown, string][] = [
        [17, '17'],
        ['17', '17'],
        [0, '0'],
        ['AH', 'ah'],
        ['vrrp', 'vrrp'],
      ];
      for (const [protocol, stored] of cases) {
        const created = await createRule(groupId, { protocol });
        expect([created.status, (created.body['security_group_rule'] as { protocol?: unknown } | undefined)?.protocol]).toEqual([201, stored]);
        await request('DELETE', `/security-group-rules/${String((created.body['security_group_rule'] as { id: string }).id)}`);
      }
      const known =
        "[None, 'ah', 'dccp', 'egp', 'esp', 'gre', 'hopopt', 'icmp', 'igmp', 'ip', 'ipip', 'ipv6-encap', 'ipv6-frag', 'ipv6-icmp', 'icmpv6', 'ipv6-nonxt', 'ipv6-opts', 'ipv6-route', 'ospf', 'pgm', 'rsvp', 'sctp', 'tcp', 'udp', 'udplite', 'vrrp']";
      for (const protocol of [256, -1, 'foo', '']) {
        expect(refused(await createRule(groupId, { protocol }))).toEqual([
          400,
          'SecurityGroupRuleInvalidProtocol',
          `Security group rule protocol ${String(protocol)} not supported. Only protocol values ${known} and integer representations [0 to 255] are supported.`,
        ]);
      }
      // A rule is the same whether its protocol is named or numbered; an IPv6 rule's ICMP is ICMPv6.
      const tcp = await createRule(groupId, { protocol: 'tcp', port_range_min: 80, port_range_max: 80 });
      const tcpId = String((tcp.body['security_group_rule'] as { id: string }).id);
      expect(refused(await createRule(groupId, { protocol: '6', port_range_min: 80, port_range_max: 80, remote_ip_prefix: '0.0.0.0/0' }))).toEqual([
        409,
        'SecurityGroupRuleExists',
        `Security group rule already exists. Rule id is ${tcpId}.`,
      ]);
      const icmp6 = await createRule(groupId, { protocol: '1', ethertype: 'IPv6', port_range_min: 1 });
      expect(icmp6.body['security_group_rule']).toMatchObject({ protocol: '58', ethertype: 'IPv6', port_range_min: 1, port_range_max: null });
      expect(refused(await createRule(groupId, { protocol: 'icmpv6', ethertype: 'IPv6', port_range_min: 1 }))[1]).toBe('SecurityGroupRuleExists');
      expect(refused(await createRule(groupId, { protocol: 'ipv6-icmp' }))).toEqual([
        400,
        'SecurityGroupEthertypeConflictWithProtocol',
        'Invalid ethertype IPv4 for protocol ipv6-icmp.',
      ]);
      expect(refused(await createRule(groupId, { ethertype: 'ipv5' }))).toEqual([
        400,
        'SecurityGroupRuleInvalidEtherType',
        "Security group rule for ethertype 'ipv5' not supported. Allowed values are ['IPv4', 'IPv6'].",
      ]);
      expect(refused(await createRule(groupId, { remote_ip_prefix: 'bogus' }))).toEqual([400, 'InvalidCIDR', 'Invalid CIDR bogus given as IP prefix.']);
    });

    it('range-checks ports and ICMP types and codes', async () => {
      const groupId = await group();
      const cases: [Record<string, unknown>, string, string][] = [
        [{ protocol: 'tcp', port_range_min: -16 }, 'SecurityGroupInvalidPortValue', 'Invalid value for port -16'],
        [{ protocol: 'tcp', port_range_min: 65536 }, 'SecurityGroupInvalidPortValue', 'Invalid value for port 65536'],
        [{ protocol: 'tcp', port_range_min: 'abc' }, 'SecurityGroupInvalidPortValue', 'Invalid value for port abc'],
        [{ protocol: 'tcp', port_range_min: 0, port_range_max: 10 }, 'SecurityGroupInvalidPortValue', 'Invalid value for port 0'],
        [{ protocol: 'tcp', port_range_min: 10 }, 'SecurityGroupInvalidPortRange', 'For TCP/UDP protocols, port_range_min must be <= port_range_max'],
        [{ port_range_min: 22, port_range_max: 22 }, 'SecurityGroupProtocolRequiredWithPorts', 'Must also specify protocol if port range is given.'],
        [{ protocol: 'icmp', port_range_min: 256 }, 'SecurityGroupInvalidIcmpValue', 'Invalid value for ICMP type (port_range_min) 256. It must be 0 to 255.'],
        [
          { protocol: 'icmp', port_range_min: 8, port_range_max: 256 },
          'SecurityGroupInvalidIcmpValue',
          'Invalid value for ICMP code (port_range_max) 256. It must be 0 to 255.',
        ],
        [
          { protocol: 'icmp', port_range_max: 3 },
          'SecurityGroupMissingIcmpType',
          'ICMP code (port-range-max) 3 is provided but ICMP type (port-range-min) is missing.',
        ],
        [
          { protocol: 'gre', port_range_min: 1 },
          'SecurityGroupInvalidProtocolForPort',
          'Ports cannot be specified for protocol 47. Ports are only supported for DCCP, SCTP, TCP, UDP, UDPLITE.',
        ],
      ];
      for (const [rule, type, message] of cases) expect(refused(await createRule(groupId, rule)), JSON.stringify(rule)).toEqual([400, type, message]);
      // The whole range is no range.
      const all = await createRule(groupId, { protocol: 'udp', port_range_min: 1, port_range_max: 65535 });
      expect([all.status, all.body['security_group_rule']]).toEqual([
        201,
        expect.objectContaining({ protocol: 'udp', port_range_min: null, port_range_max: null }),
      ]);
    });

    it('answers 404 for a remote or parent group that does not exist, whatever its id looks like', async () => {
      const groupId = await group();
      expect(refused(await createRule(groupId, { remote_group_id: 'notauuid' }))).toEqual([
        404,
        'SecurityGroupNotFound',
        'Security group notauuid does not exist',
      ]);
      expect(refused(await createRule('x', {}))).toEqual([404, 'SecurityGroupNotFound', 'Security group x does not exist']);
      expect(refused(await createRule(groupId, { remote_group_id: groupId, remote_ip_prefix: '10.0.0.0/8' }))).toEqual([
        400,
        'SecurityGroupMultipleRemoteEntites',
        'Only one of remote_ip_prefix or remote_group_id or remote_address_group_id may be provided.',
      ]);
    });

    it("counts a new group's egress rules, one per ethertype, against the rule quota, as neutron's create_security_group reserves them", async () => {
      await group();
      const used = Number(((await request('GET', '/quotas/p1/details')).body['quota'] as Record<string, { used: number }>)['security_group_rule']!.used);
      const limit = async (value: number) => expect((await request('PUT', '/quotas/p1', { quota: { security_group_rule: value } })).status).toBe(200);
      try {
        await limit(used + 1);
        expect(refused(await request('POST', '/security-groups', { security_group: { name: 'over' } }))).toEqual([
          409,
          'OverQuota',
          "Quota exceeded for resources: ['security_group_rule'].",
        ]);
        await limit(used + 2);
        expect((await request('POST', '/security-groups', { security_group: { name: 'fits' } })).status).toBe(201);
      } finally {
        await request('DELETE', '/quotas/p1');
      }
    });

    it('keeps the name "default" for the default groups', async () => {
      const groupId = await group();
      const taken = [409, 'SecurityGroupDefaultAlreadyExists', 'Default security group already exists.'];
      expect(refused(await request('PUT', `/security-groups/${groupId}`, { security_group: { name: 'default' } }))).toEqual(taken);
      expect(refused(await request('PUT', `/security-groups/${groupId}`, { security_group: { name: 'DeFault' } }))).toEqual(taken);
      expect(refused(await request('POST', '/security-groups', { security_group: { name: 'DEFAULT' } }))).toEqual(taken);
      const [defaultGroup] = (await request('GET', '/security-groups?name=default')).body['security_groups'] as { id: string }[];
      expect(refused(await request('PUT', `/security-groups/${defaultGroup!.id}`, { security_group: { name: 'other' } }))).toEqual([
        409,
        'SecurityGroupCannotUpdateDefault',
        'Updating default security group not allowed.',
      ]);
      expect((await request('PUT', `/security-groups/${defaultGroup!.id}`, { security_group: { description: 'd' } })).status).toBe(200);
    });
  });

  it('keeps allowed address pairs and extra DHCP options on ports, as neutron’s ML2 does', async () => {
    const aliases = ((await request('GET', '/extensions')).body['extensions'] as { alias: string }[]).map((e) => e.alias);
    expect(aliases).toEqual(expect.arrayContaining(['allowed-address-pairs', 'extra_dhcp_opt']));
    const network = (await request('POST', '/networks', { network: { name: 'aap' } })).body['network'] as { id: string };
    expect((await request('POST', '/subnets', { subnet: { network_id: network.id, ip_version: 4, cidr: '10.61.0.0/24' } })).status).toBe(201);
    const created = await request('POST', '/ports', {
      port: {
        network_id: network.id,
        allowed_address_pairs: [{ ip_address: '10.61.0.200' }, { ip_address: '10.62.0.0/24', mac_address: 'fa:16:3e:00:00:01' }],
        extra_dhcp_opts: [
          { opt_name: 'bootfile-name', opt_value: 'pxelinux.0' },
          { opt_name: 'router', opt_value: '' },
          { opt_name: 'tftp-server', opt_value: '10.61.0.9', ip_version: 4 },
        ],
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const port = created.body['port'] as { id: string; mac_address: string };
    expect(created.body['port']).toMatchObject({
      allowed_address_pairs: [
        { ip_address: '10.61.0.200', mac_address: port.mac_address },
        { ip_address: '10.62.0.0/24', mac_address: 'fa:16:3e:00:00:01' },
      ],
      extra_dhcp_opts: [
        { opt_name: 'bootfile-name', opt_value: 'pxelinux.0', ip_version: 4 },
        { opt_name: 'router', opt_value: '', ip_version: 4 },
        { opt_name: 'tftp-server', opt_value: '10.61.0.9', ip_version: 4 },
      ],
    });
    // An update replaces the pairs, and merges DHCP options by name and version: a new value, a removal, one untouched.
    const updated = await request('PUT', `/ports/${port.id}`, {
      port: {
        allowed_address_pairs: [{ ip_address: '10.61.0.201' }],
        extra_dhcp_opts: [
          { opt_name: 'bootfile-name', opt_value: 'ipxe.efi' },
          { opt_name: 'router', opt_value: null },
        ],
      },
    });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    expect(updated.body['port']).toMatchObject({
      allowed_address_pairs: [{ ip_address: '10.61.0.201', mac_address: port.mac_address }],
      extra_dhcp_opts: [
        { opt_name: 'bootfile-name', opt_value: 'ipxe.efi', ip_version: 4 },
        { opt_name: 'tftp-server', opt_value: '10.61.0.9', ip_version: 4 },
      ],
    });
    expect((await request('GET', `/ports/${port.id}`)).body['port']).toMatchObject({ allowed_address_pairs: [{ ip_address: '10.61.0.201' }] });
    // Port security off needs no pairs, and pairs need port security.
    const secured = await request('PUT', `/ports/${port.id}`, { port: { port_security_enabled: false, security_groups: [] } });
    expect([secured.status, (secured.body['NeutronError'] as { type: string }).type]).toEqual([409, 'AddressPairAndPortSecurityRequired']);
    const cleared = await request('PUT', `/ports/${port.id}`, { port: { allowed_address_pairs: [] } });
    expect((cleared.body['port'] as { allowed_address_pairs: unknown[] }).allowed_address_pairs).toEqual([]);
    expect((await request('PUT', `/ports/${port.id}`, { port: { port_security_enabled: false, security_groups: [] } })).status).toBe(200);
    const refused = await request('PUT', `/ports/${port.id}`, { port: { allowed_address_pairs: [{ ip_address: '10.61.0.202' }] } });
    expect([refused.status, (refused.body['NeutronError'] as { type: string }).type]).toEqual([409, 'AddressPairAndPortSecurityRequired']);
    const insecure = await request('POST', '/ports', {
      port: { network_id: network.id, port_security_enabled: false, allowed_address_pairs: [{ ip_address: '10.61.0.203' }] },
    });
    expect([insecure.status, (insecure.body['NeutronError'] as { type: string }).type]).toEqual([409, 'AddressPairAndPortSecurityRequired']);
    // Too many, and the same pair twice (once with the port's MAC spelled out).
    const many = Array.from({ length: 11 }, (_, i) => ({ ip_address: `10.63.0.${i + 1}` }));
    const exhausted = await request('POST', '/ports', { port: { network_id: network.id, allowed_address_pairs: many } });
    expect([exhausted.status, (exhausted.body['NeutronError'] as { type: string }).type]).toEqual([400, 'AllowedAddressPairExhausted']);
    const twice = await request('POST', '/ports', {
      port: {
        network_id: network.id,
        mac_address: 'fa:16:3e:aa:bb:cc',
        allowed_address_pairs: [{ ip_address: '10.61.0.5' }, { ip_address: '10.61.0.5', mac_address: 'fa:16:3e:aa:bb:cc' }],
      },
    });
    expect([twice.status, (twice.body['NeutronError'] as { type: string }).type]).toEqual([400, 'DuplicateAddressPairInRequest']);
    expect((await request('DELETE', `/ports/${port.id}`)).status).toBe(204);
    expect((await request('DELETE', `/networks/${network.id}`)).status).toBe(204);
  });

  it('binds ports to hosts with a live agent and lists agents', async () => {
    await plugin.agentsDb.createOrUpdate(ml2View(database.db), {
      agent_type: constants.AGENT_TYPE_OVS,
      binary: 'neutron-openvswitch-agent',
      host: 'compute1',
      topic: 'N/A',
      configurations: { bridge_mappings: {}, tunnel_types: ['vxlan'] },
    });
    const network = (await request('POST', '/networks', { network: { name: 'pn' } })).body['network'] as { id: string };
    const port = await request('POST', '/ports', { port: { network_id: network.id, 'binding:host_id': 'compute1', dns_name: 'web1' } });
    expect(port.status).toBe(201);
    expect(port.body['port']).toMatchObject({
      status: 'DOWN',
      'binding:host_id': 'compute1',
      'binding:vif_type': 'ovs',
      'binding:vnic_type': 'normal',
      dns_name: 'web1',
      dns_assignment: [],
    });
    await plugin.agentsDb.createOrUpdate(ml2View(database.db), {
      agent_type: constants.AGENT_TYPE_DHCP,
      binary: 'neutron-dhcp-agent',
      host: 'net1',
      topic: 'dhcp_agent',
    });
    // Agent attributes are not sort keys (as in neutron); pages follow ids.
    const first = (await request('GET', '/agents?limit=1')).body['agents'] as { id: string }[];
    const second = (await request('GET', `/agents?limit=1&marker=${first[0]!.id}`)).body['agents'] as { id: string }[];
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(1);
    expect(second[0]!.id > first[0]!.id).toBe(true);
    const dhcp = (await request('GET', '/agents?agent_type=DHCP%20agent')).body['agents'] as { id: string }[];
    expect(dhcp).toHaveLength(1);
    await request('DELETE', `/agents/${dhcp[0]!.id}`);
    const agents = (await request('GET', '/agents')).body['agents'] as Record<string, unknown>[];
    expect(agents).toEqual([expect.objectContaining({ agent_type: 'Open vSwitch agent', host: 'compute1', alive: true, admin_state_up: true })]);
    const id = String(agents[0]!['id']);
    expect((await request('PUT', `/agents/${id}`, { agent: { admin_state_up: false } })).body['agent']).toMatchObject({ admin_state_up: false });
    expect((await request('PUT', `/agents/${id}`, { agent: { description: 'drained' } })).body['agent']).toMatchObject({
      admin_state_up: false,
      description: 'drained',
    });
    expect(((await request('GET', '/agents?admin_state_up=True')).body['agents'] as unknown[]).length).toBe(0);
    expect((await request('GET', `/agents?admin_state_up=False&alive=True&fields=id&fields=description`)).body['agents']).toEqual([
      { id, description: 'drained' },
    ]);
    expect((await request('DELETE', `/agents/${id}`)).status).toBe(204);
    const gone = await request('GET', `/agents/${id}`);
    expect([gone.status, (gone.body['NeutronError'] as { type: string }).type]).toEqual([404, 'AgentNotFound']);
    const again = await request('DELETE', `/agents/${id}`);
    expect([again.status, (again.body['NeutronError'] as { type: string }).type]).toEqual([404, 'AgentNotFound']);
  });

  it('regenerates the MAC of an unbound port given mac_address null, and keeps that of a bound port (port-mac-address-regenerate)', async () => {
    const aliases = ((await request('GET', '/extensions')).body['extensions'] as { alias: string }[]).map((e) => e.alias);
    expect(aliases).toContain('port-mac-address-regenerate');
    await plugin.agentsDb.createOrUpdate(ml2View(database.db), {
      agent_type: constants.AGENT_TYPE_OVS,
      binary: 'neutron-openvswitch-agent',
      host: 'compute-mac',
      topic: 'N/A',
      configurations: { bridge_mappings: {}, tunnel_types: ['vxlan'] },
    });
    const network = (await request('POST', '/networks', { network: { name: 'mac-net' } })).body['network'] as { id: string };
    const created = await request('POST', '/ports', { port: { network_id: network.id, mac_address: null } });
    expect(created.status).toBe(201);
    const port = created.body['port'] as { id: string; mac_address: string; revision_number: number };
    expect(port.mac_address).toMatch(/^fa:16:3e(:[0-9a-f]{2}){3}$/);

    const regenerated = await request('PUT', `/ports/${port.id}`, { port: { mac_address: null } });
    expect(regenerated.status, JSON.stringify(regenerated.body)).toBe(200);
    const updated = regenerated.body['port'] as { mac_address: string; revision_number: number };
    expect(updated.mac_address).toMatch(/^fa:16:3e(:[0-9a-f]{2}){3}$/);
    expect(updated.mac_address).not.toBe(port.mac_address);
    expect(updated.revision_number).toBe(port.revision_number + 1);
    // update_port:mac_address is for admins.
    expect((await request('PUT', `/ports/${port.id}`, { port: { mac_address: null } }, 'member')).status).toBe(403);

    const bound = await request('PUT', `/ports/${port.id}`, { port: { 'binding:host_id': 'compute-mac' } });
    expect(bound.body['port']).toMatchObject({ 'binding:vif_type': 'ovs' });
    const refused = await request('PUT', `/ports/${port.id}`, { port: { mac_address: null } });
    expect([refused.status, (refused.body['NeutronError'] as { type: string }).type]).toEqual([409, 'PortBound']);
    expect(((await request('GET', `/ports/${port.id}`)).body['port'] as { mac_address: string }).mac_address).toBe(updated.mac_address);

    // A port the network owns keeps its MAC, as in neutron's _check_mac_addr_update.
    const owned = (await request('POST', '/ports', { port: { network_id: network.id, device_owner: 'network:dhcp', device_id: 'dhcp-mac' } })).body['port'] as {
      id: string;
    };
    const ownedRefused = await request('PUT', `/ports/${owned.id}`, { port: { mac_address: null } });
    expect([ownedRefused.status, (ownedRefused.body['NeutronError'] as { type: string }).type]).toEqual([409, 'UnsupportedPortDeviceOwner']);
    for (const id of [port.id, owned.id]) expect((await request('DELETE', `/ports/${id}`)).status).toBe(204);
  });

  it('places networks on DHCP agents and lets admins list, add and remove them (dhcp_agent_scheduler)', async () => {
    const db = ml2View(database.db);
    for (const host of ['dhcp-a', 'dhcp-b'])
      await plugin.agentsDb.createOrUpdate(db, { agent_type: constants.AGENT_TYPE_DHCP, binary: 'neutron-dhcp-agent', host, topic: 'dhcp_agent' });
    const ovs = await plugin.agentsDb.createOrUpdate(db, {
      agent_type: constants.AGENT_TYPE_OVS,
      binary: 'neutron-openvswitch-agent',
      host: 'compute9',
      topic: 'N/A',
    });
    const network = (await request('POST', '/networks', { network: { name: 'served' } })).body['network'] as { id: string };
    expect((await request('POST', '/subnets', { subnet: { network_id: network.id, cidr: '10.60.0.0/24', ip_version: 4 } })).status).toBe(201);
    const listed = await request('GET', `/networks/${network.id}/dhcp-agents`);
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    const hosting = listed.body['agents'] as { id: string; host: string }[];
    expect(hosting).toHaveLength(1);
    const [first] = hosting;
    const other = (await request('GET', '/agents?agent_type=DHCP%20agent')).body['agents'] as { id: string }[];
    const second = other.find((agent) => agent.id !== first!.id)!;
    expect(((await request('GET', `/agents/${first!.id}/dhcp-networks`)).body['networks'] as { id: string }[]).map((n) => n.id)).toContain(network.id);

    const added = await request('POST', `/agents/${second.id}/dhcp-networks`, { network_id: network.id });
    expect(added.status).toBe(201);
    expect(((await request('GET', `/networks/${network.id}/dhcp-agents`)).body['agents'] as { id: string }[]).map((a) => a.id).sort()).toEqual(
      [first!.id, second.id].sort(),
    );
    const again = await request('POST', `/agents/${second.id}/dhcp-networks`, { network_id: network.id });
    expect([again.status, (again.body['NeutronError'] as { type: string }).type]).toEqual([409, 'NetworkHostedByDHCPAgent']);
    const notDhcp = await request('POST', `/agents/${ovs.agent.id}/dhcp-networks`, { network_id: network.id });
    expect([notDhcp.status, (notDhcp.body['NeutronError'] as { type: string }).type]).toEqual([400, 'InvalidDHCPAgent']);
    const noNetwork = await request('POST', `/agents/${second.id}/dhcp-networks`, { network_id: '8a6c2f1e-0000-4000-8000-000000000000' });
    expect([noNetwork.status, (noNetwork.body['NeutronError'] as { type: string }).type]).toEqual([404, 'NetworkNotFound']);
    expect((await request('POST', `/agents/${second.id}/dhcp-networks`, {})).status).toBe(400);

    expect((await request('DELETE', `/agents/${second.id}/dhcp-networks/${network.id}`)).status).toBe(204);
    const gone = await request('DELETE', `/agents/${second.id}/dhcp-networks/${network.id}`);
    expect([gone.status, (gone.body['NeutronError'] as { type: string }).type]).toEqual([409, 'NetworkNotHostedByDhcpAgent']);
    // Admins only (get_dhcp-networks, get_dhcp-agents... are admin_only): a member sees no agent (404) and may not list a network's agents (403).
    expect((await request('GET', `/agents/${first!.id}/dhcp-networks`, undefined, 'member')).status).toBe(404);
    expect((await request('GET', `/networks/${network.id}/dhcp-agents`, undefined, 'member')).status).toBe(403);
    const aliases = ((await request('GET', '/extensions')).body['extensions'] as { alias: string }[]).map((e) => e.alias);
    expect(aliases).toContain('dhcp_agent_scheduler');
  });
});
