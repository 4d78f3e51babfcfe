import { InvalidInput } from '@net-server/lib';
import { bumpRevision, given, givenString, owningProject, selectRows, type ResourceOps } from 'net-server';
import { checkAddressGroup } from '../address-group/address-group-check.js';
import { ml2View } from '../db/ml2-view.js';
import { SecurityGroupRuleExists, SecurityGroupRuleNotFound } from './security-group-errors.js';
import { canonicalRule, ruleKey, validateRule } from './security-group-rules.js';
import { insertRule, ruleDict, securityGroupsDb, type SecurityGroupRuleRow } from './security-groups-db.js';

/**
 * The `security_group_rules` collection's rows (neutron's
 * SecurityGroupDbMixin): non-admins see their own project's rules. A rule
 * is made and deleted, never changed, and either is a change of its group
 * (neutron's SecurityGroupRule revises_on_change).
 */
export const securityGroupRuleOps: ResourceOps<SecurityGroupRuleRow> = {
  member: 'security_group_rule',
  narrowBy: ['id', 'security_group_id', 'project_id'],
  notFound: (id) => new SecurityGroupRuleNotFound({ id }),

  loadRows(session, filter, page) {
    let query = ml2View(session.db).selectFrom('ml2_security_group_rules').selectAll();
    if (!session.context.seesAllProjects) query = query.where('project_id', '=', session.context.projectId ?? '');
    // Unpaged, in creation order: agents' bulk pulls of SecurityGroupRule objects get them so, as neutron's table order has them.
    return selectRows(page ? query : query.orderBy('created_at').orderBy('id'), filter, page);
  },

  makeDicts: async (_session, rows) => rows.map(ruleDict),

  /**
   * neutron's _create_security_group_rule: the rule made canonical, checked
   * in neutron's order (the rule itself, its remote group, then its group,
   * which the caller must own), and refused when the group has it already.
   */
  async insert(session, body) {
    const db = ml2View(session.db);
    const { context } = session;
    const text = (name: string): string | null => givenString(body, name) ?? null;
    const rule = canonicalRule({
      direction: String(body['direction']),
      ethertype: text('ethertype') ?? 'IPv4',
      protocol: text('protocol'),
      port_range_min: (given(body, 'port_range_min') ?? null) as number | null,
      port_range_max: (given(body, 'port_range_max') ?? null) as number | null,
      remote_ip_prefix: text('remote_ip_prefix'),
      remote_group_id: text('remote_group_id'),
      remote_address_group_id: text('remote_address_group_id'),
    });
    validateRule(rule);
    if (rule.remote_group_id !== null) await securityGroupsDb.find(db, context, rule.remote_group_id);
    const groupId = String(body['security_group_id'] ?? '');
    // neutron's check_address_group: the group as the rule's project sees it (an admin sees every one).
    if (rule.remote_address_group_id !== null) await checkAddressGroup(db, context, rule.remote_address_group_id, owningProject(body, context.projectId));
    const group = await securityGroupsDb.own(db, context, groupId);
    const key = ruleKey(rule);
    const duplicate = (await securityGroupsDb.rulesOf(db, [groupId])).find((row) => ruleKey(row) === key);
    if (duplicate) throw new SecurityGroupRuleExists({ rule_id: duplicate.id });
    const id = await insertRule(db, { project_id: group.project_id, security_group_id: groupId, ...rule, description: givenString(body, 'description') ?? '' });
    await bumpRevision(db, 'ml2_security_groups', groupId);
    return id;
  },

  update() {
    // The API allows no PUT of rules: should anything call this, it says why.
    throw new InvalidInput({ error_message: 'security group rules are created and deleted, not updated' });
  },

  async remove(session, row) {
    const db = ml2View(session.db);
    await db.deleteFrom('ml2_security_group_rules').where('id', '=', row.id).execute();
    await bumpRevision(db, 'ml2_security_groups', row.security_group_id);
  },
};
