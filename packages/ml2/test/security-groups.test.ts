import { Context, tagsCapableOf, type ListOptions, type ResourceDict } from '@net-server/lib';
import { addressNotHeld } from '@net-server/testkit';
import { resourceTags } from 'net-server';
import { describe, expect, it } from 'vitest';
import { admin, ml2Plugin, projectContext } from './plugin-helpers.js';

const other = new Context({ projectId: 'p2', userId: 'u2', roles: ['member'] });

/** The ids of a list read two at a time, each page from the previous one's last id. */
async function pagedIds(list: (options: ListOptions) => Promise<ResourceDict[]>): Promise<unknown[]> {
  const ids: unknown[] = [];
  let marker: string | undefined;
  for (;;) {
    const page = await list({ limit: 2, ...(marker === undefined ? {} : { marker }) });
    ids.push(...page.map((item) => item['id']));
    if (page.length < 2) return ids;
    marker = String(page.at(-1)!['id']);
  }
}

describe('security groups', () => {
  it('gives each project a default group with neutron default rules, and ports join it', async () => {
    const { plugin, notifications } = await ml2Plugin();
    const network = await plugin.createNetwork(projectContext, { name: 'n' });
    const port = await plugin.createPort(projectContext, { network_id: network.id });
    const [group] = await plugin.getSecurityGroups(projectContext);
    expect(group).toMatchObject({ name: 'default', project_id: 'p1', tenant_id: 'p1' });
    expect(port['security_groups']).toEqual([group!['id']]);
    const rules = (group!['security_group_rules'] as Record<string, unknown>[]).map(
      (r) => `${String(r['direction'])}/${String(r['ethertype'])}/${r['remote_group_id'] === group!['id'] ? 'self' : 'any'}`,
    );
    expect(rules.sort()).toEqual(['egress/IPv4/any', 'egress/IPv6/any', 'ingress/IPv4/self', 'ingress/IPv6/self']);
    expect(notifications).toContainEqual({
      topic: 'q-agent-notifier-security_group-update',
      method: 'security_groups_member_updated',
      args: { security_groups: [group!['id']] },
    });
    // Network-owned ports and ports without port security get no group.
    const dhcp = await plugin.createPort(admin, { network_id: network.id, device_owner: 'network:dhcp' });
    expect(dhcp['security_groups']).toEqual([]);
  });

  it('creates groups and rules, refuses duplicates and conflicts, and tells agents of rule changes', async () => {
    const { plugin, notifications } = await ml2Plugin();
    const web = await plugin.createSecurityGroup(projectContext, { name: 'web', description: 'http' });
    expect((web['security_group_rules'] as unknown[]).length).toBe(2);
    const rule = {
      security_group_id: web['id'],
      direction: 'ingress',
      ethertype: 'IPv4',
      protocol: 'tcp',
      port_range_min: 80,
      port_range_max: 80,
      remote_ip_prefix: '0.0.0.0/0',
    };
    const created = await plugin.createSecurityGroupRule(projectContext, rule);
    expect(created).toMatchObject({ ...rule, project_id: 'p1', remote_group_id: null });
    await expect(plugin.createSecurityGroupRule(projectContext, rule)).rejects.toThrow(
      `Security group rule already exists. Rule id is ${String(created['id'])}.`,
    );
    await expect(plugin.createSecurityGroupRule(projectContext, { ...rule, remote_group_id: web['id'] })).rejects.toMatchObject({
      type: 'SecurityGroupMultipleRemoteEntites',
    });
    await expect(plugin.createSecurityGroupRule(projectContext, { ...rule, remote_ip_prefix: '::/0' })).rejects.toMatchObject({
      type: 'SecurityGroupRuleParameterConflict',
    });
    await expect(plugin.createSecurityGroupRule(projectContext, { ...rule, port_range_min: 90 })).rejects.toMatchObject({
      type: 'SecurityGroupInvalidPortRange',
    });
    await expect(plugin.createSecurityGroup(projectContext, { name: 'default' })).rejects.toMatchObject({ type: 'SecurityGroupDefaultAlreadyExists' });
    expect(notifications.filter((n) => n.method === 'security_groups_rule_updated')).toEqual([
      { topic: 'q-agent-notifier-security_group-update', method: 'security_groups_rule_updated', args: { security_groups: [web['id']] } },
    ]);
    await plugin.deleteSecurityGroupRule(projectContext, String(created['id']));
    await expect(plugin.getSecurityGroupRule(projectContext, String(created['id']))).rejects.toMatchObject({ type: 'SecurityGroupRuleNotFound' });
    // Other projects neither see nor use it.
    await expect(plugin.getSecurityGroup(other, String(web['id']))).rejects.toMatchObject({ type: 'SecurityGroupNotFound' });
  });

  it("tells agents a group's members changed when a member port's addresses change", async () => {
    const { plugin, notifications } = await ml2Plugin();
    const network = await plugin.createNetwork(projectContext, { name: 'n' });
    const subnet = await plugin.createSubnet(projectContext, { network_id: network.id, cidr: '10.9.0.0/24', ip_version: 4 });
    const port = await plugin.createPort(projectContext, { network_id: network.id });
    const before = notifications.length;
    await plugin.updatePort(projectContext, port.id, { name: 'renamed' });
    expect(notifications.slice(before).filter((n) => n.method === 'security_groups_member_updated')).toEqual([]);
    const moved = addressNotHeld(port, ['10.9.0.77', '10.9.0.78']);
    await plugin.updatePort(projectContext, port.id, { fixed_ips: [{ subnet_id: subnet.id, ip_address: moved }] });
    expect(notifications.slice(before).filter((n) => n.method === 'security_groups_member_updated')).toEqual([
      { topic: 'q-agent-notifier-security_group-update', method: 'security_groups_member_updated', args: { security_groups: port['security_groups'] } },
    ]);
  });

  it('moves ports between groups, keeps groups in use, and guards port security', async () => {
    const { plugin } = await ml2Plugin();
    const network = await plugin.createNetwork(projectContext, { name: 'n' });
    const web = await plugin.createSecurityGroup(projectContext, { name: 'web' });
    const port = await plugin.createPort(projectContext, { network_id: network.id, security_groups: [web['id']] });
    expect(port['security_groups']).toEqual([web['id']]);
    await expect(plugin.deleteSecurityGroup(projectContext, String(web['id']))).rejects.toMatchObject({ type: 'SecurityGroupInUse' });
    await expect(plugin.updatePort(projectContext, port.id, { port_security_enabled: false })).rejects.toMatchObject({
      type: 'PortSecurityPortHasSecurityGroup',
    });
    const open = await plugin.updatePort(projectContext, port.id, { port_security_enabled: false, security_groups: [] });
    expect(open).toMatchObject({ port_security_enabled: false, security_groups: [] });
    await expect(plugin.updatePort(projectContext, port.id, { security_groups: [web['id']] })).rejects.toMatchObject({
      type: 'PortSecurityAndIPRequiredForSecurityGroups',
    });
    await plugin.deleteSecurityGroup(projectContext, String(web['id']));
    const [defaultGroup] = await plugin.getSecurityGroups(projectContext);
    await expect(plugin.deleteSecurityGroup(projectContext, String(defaultGroup!['id']))).rejects.toMatchObject({ type: 'SecurityGroupCannotRemoveDefault' });
    await expect(
      plugin.createPort(projectContext, { network_id: network.id, security_groups: ['5f2e0c9a-0000-4000-8000-000000000000'] }),
    ).rejects.toMatchObject({ type: 'SecurityGroupNotFound' });
  });

  it('lists groups page by page as the whole list has them, sorted, narrowed by name, and refuses an unknown marker', async () => {
    const { plugin } = await ml2Plugin();
    for (const name of ['a', 'b', 'c', 'd']) await plugin.createSecurityGroup(projectContext, { name });
    const whole = (await plugin.getSecurityGroups(projectContext)).map((group) => group['id']);
    expect(whole).toHaveLength(5);
    expect(await pagedIds((options) => plugin.getSecurityGroups(projectContext, options))).toEqual(whole);
    const names = async (options: Parameters<typeof plugin.getSecurityGroups>[1]) =>
      (await plugin.getSecurityGroups(projectContext, options)).map((group) => group['name']);
    expect(await names({ sorts: [{ key: 'name', direction: 'desc' }], fields: ['name'] })).toEqual(['default', 'd', 'c', 'b', 'a']);
    expect(await names({ filters: { name: ['b', 'default'] }, limit: 5 })).toEqual(
      (await plugin.getSecurityGroups(projectContext)).filter((group) => ['b', 'default'].includes(String(group['name']))).map((group) => group['name']),
    );
    await expect(plugin.getSecurityGroups(projectContext, { limit: 1, marker: 'no-such-group' })).rejects.toMatchObject({ type: 'SecurityGroupNotFound' });
    // Another project sees none of these: only the default group its first list makes.
    expect(await plugin.getSecurityGroupsCount(other)).toBe(1);
  });

  it("lists a group's rules page by page as the whole list has them, revises the group and tells agents once per rule made or deleted", async () => {
    const { plugin, notifications } = await ml2Plugin();
    const web = await plugin.createSecurityGroup(projectContext, { name: 'web' });
    const groupId = String(web['id']);
    for (const port of [22, 80, 443]) {
      const rule = { security_group_id: groupId, direction: 'ingress', ethertype: 'IPv4', protocol: 'tcp', port_range_min: port, port_range_max: port };
      await plugin.createSecurityGroupRule(projectContext, rule);
    }
    const ofGroup = { security_group_id: [groupId] };
    const whole = (await plugin.getSecurityGroupRules(projectContext, { filters: ofGroup })).map((rule) => rule['id']);
    expect(whole).toHaveLength(5);
    expect(await pagedIds((options) => plugin.getSecurityGroupRules(projectContext, { ...options, filters: ofGroup }))).toEqual(whole);
    expect(await plugin.getSecurityGroupRulesCount(other)).toBe(0);
    const first = String(whole[0]);
    await plugin.deleteSecurityGroupRule(projectContext, first);
    await expect(plugin.deleteSecurityGroupRule(projectContext, first)).rejects.toMatchObject({ type: 'SecurityGroupRuleNotFound' });
    expect(await plugin.getSecurityGroup(projectContext, groupId, ['revision_number'])).toEqual({ revision_number: 4 });
    expect(notifications.filter((n) => n.method === 'security_groups_rule_updated')).toHaveLength(4);
  });

  it('carries tags: shown sorted, filtered as neutron, revised when they change, forgotten with the group', async () => {
    const { plugin } = await ml2Plugin();
    expect(tagsCapableOf(plugin)?.taggableCollections).toEqual(['networks', 'subnets', 'subnetpools', 'ports', 'security_groups']);
    const web = await plugin.createSecurityGroup(projectContext, { name: 'web' });
    const db = await plugin.createSecurityGroup(projectContext, { name: 'db' });
    const id = String(web['id']);
    await plugin.transactions.write(projectContext, (session) => resourceTags.add(session.db, id, ['prod', 'http']));
    expect((await plugin.getSecurityGroup(projectContext, id))['tags']).toEqual(['http', 'prod']);
    const names = async (filters: Record<string, string[]>): Promise<unknown[]> =>
      (await plugin.getSecurityGroups(projectContext, { filters })).map((g) => g['name']).sort();
    expect(await names({ tags: ['prod', 'http'] })).toEqual(['web']);
    expect(await names({ 'tags-any': ['prod,none'] })).toEqual(['web']);
    expect(await names({ 'not-tags': ['prod'], name: ['db', 'web'] })).toEqual(['db']);
    expect(await names({ 'not-tags-any': ['http'] })).toEqual(['db', 'default']);
    expect(await plugin.tagsChanged(projectContext, 'security_groups', id)).toBe(true);
    expect((await plugin.getSecurityGroup(projectContext, id))['revision_number']).toBe(Number(web['revision_number']) + 1);
    // The base plugin's collections are still its own.
    const network = await plugin.createNetwork(projectContext, { name: 'n' });
    expect(await plugin.tagsChanged(projectContext, 'networks', network.id)).toBe(true);
    await plugin.deleteSecurityGroup(projectContext, id);
    expect(await plugin.tagsChanged(projectContext, 'security_groups', id)).toBe(false);
    expect((await plugin.transactions.read(projectContext, (session) => resourceTags.load(session.db, [id]))).size).toBe(0);
    expect((await plugin.getSecurityGroup(projectContext, String(db['id'])))['tags']).toEqual([]);
  });
});
