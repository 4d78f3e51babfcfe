import { randomUUID } from 'node:crypto';
import { canonicalCidr, timestampNow, type Context, type ResourceDict } from '@net-server/lib';
import { bumpRevision, insertSkippingDuplicates, objectsSharedWith } from 'net-server';
import type { Ml2Db, Ml2Tables } from '../db/schema.js';
import { SecurityGroupNotFound } from './security-group-errors.js';
import { SECURITY_GROUP_RBAC_TABLE } from './security-group-rbac.js';

export type SecurityGroupRow = Ml2Tables['ml2_security_groups'];

/** neutron's sg_supported_ethertypes: a new group gets an egress rule for each (the default group an ingress one too). */
export const SG_ETHERTYPES = ['IPv4', 'IPv6'] as const;
export type SecurityGroupRuleRow = Ml2Tables['ml2_security_group_rules'];

export function ruleDict(row: SecurityGroupRuleRow): ResourceDict {
  return {
    id: row.id,
    tenant_id: row.project_id,
    project_id: row.project_id,
    security_group_id: row.security_group_id,
    remote_group_id: row.remote_group_id,
    direction: row.direction,
    ethertype: row.ethertype,
    protocol: row.protocol,
    port_range_min: row.port_range_min === null ? null : Number(row.port_range_min),
    port_range_max: row.port_range_max === null ? null : Number(row.port_range_max),
    remote_ip_prefix: row.remote_ip_prefix,
    remote_address_group_id: row.remote_address_group_id ?? null,
    // security-groups-normalized-cidr: the prefix's network, as neutron's _get_normalized_cidr_from_rule.
    normalized_cidr: row.remote_ip_prefix === null ? null : (canonicalCidr(row.remote_ip_prefix) ?? row.remote_ip_prefix),
    description: row.description,
    created_at: row.created_at,
    updated_at: row.updated_at,
    revision_number: Number(row.revision_number),
  };
}

/**
 * Security groups' rows, their rules and the ports they apply to (neutron's
 * SecurityGroupDbMixin), in ML2's tables; the security_groups and
 * security_group_rules APIs are security-group-ops.ts and
 * security-group-rule-ops.ts. Callers pass the caller's context: non-admins see
 * their own project's groups and those RBAC entries share with them
 * (security-group-rbac.ts), and change only their own.
 */
export const securityGroupsDb = {
  /** The project's default group, created with neutron's default rules the first time it is needed. */
  async ensureDefault(db: Ml2Db, projectId: string): Promise<string> {
    const existing = await db.selectFrom('ml2_default_security_groups').select('security_group_id').where('project_id', '=', projectId).executeTakeFirst();
    if (existing) return existing.security_group_id;
    const id = randomUUID();
    await insertGroup(db, { id, project_id: projectId, name: 'default', description: 'Default security group' });
    // Another server may create it at the same moment: the loser drops the group it made and uses the winner's.
    const claimed = await insertSkippingDuplicates(db, 'ml2_default_security_groups', [{ project_id: projectId, security_group_id: id }], (c) =>
      c.column('project_id').doNothing(),
    );
    if (claimed === 0) {
      await db.deleteFrom('ml2_security_groups').where('id', '=', id).execute();
      return securityGroupsDb.ensureDefault(db, projectId);
    }
    for (const ethertype of SG_ETHERTYPES) {
      await insertRule(db, { project_id: projectId, security_group_id: id, direction: 'ingress', ethertype, remote_group_id: id });
      await insertRule(db, { project_id: projectId, security_group_id: id, direction: 'egress', ethertype });
    }
    return id;
  },

  /** A new group (not the default one) with neutron's egress rule per ethertype; its id. */
  async createGroup(db: Ml2Db, group: { project_id: string; name: string; description: string; stateful: boolean }): Promise<string> {
    const id = randomUUID();
    await insertGroup(db, { id, ...group });
    for (const ethertype of SG_ETHERTYPES) await insertRule(db, { project_id: group.project_id, security_group_id: id, direction: 'egress', ethertype });
    return id;
  },

  /** The groups the caller sees: non-admins their own project's and those RBAC entries share with them. */
  visible(db: Ml2Db, context: Context) {
    const query = db.selectFrom('ml2_security_groups').selectAll();
    if (context.seesAllProjects) return query;
    const project = context.projectId ?? '';
    return query.where((eb) => eb.or([eb('project_id', '=', project), eb('id', 'in', objectsSharedWith(db, SECURITY_GROUP_RBAC_TABLE, project))]));
  },

  /** A group the caller sees, or SecurityGroupNotFound. */
  async find(db: Ml2Db, context: Context, id: string): Promise<SecurityGroupRow> {
    const group = await securityGroupsDb.visible(db, context).where('id', '=', id).executeTakeFirst();
    if (!group) throw new SecurityGroupNotFound({ id });
    return group;
  },

  /** Whether the caller may change the group: its own (admins: any); one only shared with it is not. */
  mayChange(context: Context, group: Pick<SecurityGroupRow, 'project_id'>): boolean {
    return context.seesAllProjects || group.project_id === context.projectId;
  },

  /** A group the caller may change, or SecurityGroupNotFound. */
  async own(db: Ml2Db, context: Context, id: string): Promise<SecurityGroupRow> {
    const group = await securityGroupsDb.find(db, context, id);
    if (!securityGroupsDb.mayChange(context, group)) throw new SecurityGroupNotFound({ id });
    return group;
  },

  /** A group whose tags changed gets the next revision; false when there is no such group. */
  tagsChanged(db: Ml2Db, id: string): Promise<boolean> {
    return bumpRevision(db, 'ml2_security_groups', id);
  },

  /** Security group ids per port. */
  async forPorts(db: Ml2Db, portIds: readonly string[]): Promise<Map<string, string[]>> {
    const found = new Map<string, string[]>(portIds.map((id) => [id, []]));
    if (portIds.length === 0) return found;
    const rows = await db
      .selectFrom('ml2_security_group_port_bindings')
      .selectAll()
      .where('port_id', 'in', [...portIds])
      .orderBy('security_group_id')
      .execute();
    for (const row of rows) found.get(row.port_id)?.push(row.security_group_id);
    return found;
  },

  async setForPort(db: Ml2Db, portId: string, groupIds: readonly string[]): Promise<void> {
    await db.deleteFrom('ml2_security_group_port_bindings').where('port_id', '=', portId).execute();
    for (const id of new Set(groupIds)) await db.insertInto('ml2_security_group_port_bindings').values({ port_id: portId, security_group_id: id }).execute();
  },

  async rulesOf(db: Ml2Db, groupIds: readonly string[]): Promise<SecurityGroupRuleRow[]> {
    if (groupIds.length === 0) return [];
    return db
      .selectFrom('ml2_security_group_rules')
      .selectAll()
      .where('security_group_id', 'in', [...groupIds])
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  },

  /** The stateless ones among these groups. */
  async statelessOf(db: Ml2Db, groupIds: readonly string[]): Promise<Set<string>> {
    if (groupIds.length === 0) return new Set();
    const rows = await db
      .selectFrom('ml2_security_groups')
      .select(['id', 'stateful'])
      .where('id', 'in', [...groupIds])
      .execute();
    return new Set(rows.filter((row) => !row.stateful).map((row) => row.id));
  },

  /** Ports in each of these groups. */
  async membersOf(db: Ml2Db, groupIds: readonly string[]): Promise<{ port_id: string; security_group_id: string }[]> {
    if (groupIds.length === 0) return [];
    return db
      .selectFrom('ml2_security_group_port_bindings')
      .selectAll()
      .where('security_group_id', 'in', [...groupIds])
      .execute();
  },
};

async function insertGroup(db: Ml2Db, group: { id: string; project_id: string; name: string; description: string; stateful?: boolean }): Promise<void> {
  const stamp = timestampNow();
  // Booleans bound as 1/0: SQLite's driver binds none, PostgreSQL reads 1 as true.
  const stateful = group.stateful === false ? 0 : 1;
  await db
    .insertInto('ml2_security_groups')
    .values({ ...group, stateful, created_at: stamp, updated_at: stamp, revision_number: 0 })
    .execute();
}

export async function insertRule(
  db: Ml2Db,
  rule: Partial<SecurityGroupRuleRow> & { project_id: string; security_group_id: string; direction: string; ethertype: string },
): Promise<string> {
  const stamp = timestampNow();
  const id = randomUUID();
  await db
    .insertInto('ml2_security_group_rules')
    .values({
      id,
      remote_group_id: null,
      protocol: null,
      port_range_min: null,
      port_range_max: null,
      remote_ip_prefix: null,
      description: '',
      ...rule,
      created_at: stamp,
      updated_at: stamp,
      revision_number: 0,
    })
    .execute();
  return id;
}
