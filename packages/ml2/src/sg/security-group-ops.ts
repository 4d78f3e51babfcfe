import type { ResourceDict } from '@net-server/lib';
import {
  givenBoolean,
  givenString,
  owningProject,
  resourceTags,
  revisionBump,
  selectRows,
  sharedWith,
  standardAttributes,
  type ResourceOps,
  type Session,
} from 'net-server';
import { ml2View } from '../db/ml2-view.js';
import {
  SecurityGroupCannotRemoveDefault,
  SecurityGroupCannotUpdateDefault,
  SecurityGroupDefaultAlreadyExists,
  SecurityGroupInUse,
  SecurityGroupNotFound,
} from './security-group-errors.js';
import { SECURITY_GROUP_RBAC_TABLE } from './security-group-rbac.js';
import { ruleDict, securityGroupsDb, type SecurityGroupRow } from './security-groups-db.js';

/**
 * The `security_groups` collection's rows (neutron's SecurityGroupDbMixin):
 * a group shows its rules, its statefulness and whether RBAC shares it with
 * the caller's project. Non-admins see their own project's groups and those
 * shared with them, and change only their own. Each project has one
 * `default` group, which the server makes (securityGroupsDb.ensureDefault)
 * and which keeps its name.
 */
export const securityGroupOps: ResourceOps<SecurityGroupRow> = {
  member: 'security_group',
  narrowBy: ['id', 'project_id', 'name'],
  notFound: (id) => new SecurityGroupNotFound({ id }),

  loadRows(session, filter, page) {
    const visible = securityGroupsDb.visible(ml2View(session.db), session.context);
    // Unpaged, in creation order: agents' bulk pulls of SecurityGroup objects get them so, as neutron's table order has them.
    return selectRows(page ? visible : visible.orderBy('created_at').orderBy('id'), filter, page);
  },

  async makeDicts(session, rows) {
    if (rows.length === 0) return [];
    const db = ml2View(session.db);
    const ids = rows.map((row) => row.id);
    // neutron's is_shared_with_project, for the caller's project (admins included).
    const shared = await sharedWith(db, SECURITY_GROUP_RBAC_TABLE, session.context.projectId ?? '', ids);
    const rules = await securityGroupsDb.rulesOf(db, ids);
    const tags = await resourceTags.load(db, ids);
    return rows.map((row): ResourceDict => {
      const { description, ...standard } = standardAttributes(row, tags.get(row.id) ?? []);
      return {
        id: row.id,
        name: row.name,
        description,
        tenant_id: row.project_id,
        project_id: row.project_id,
        security_group_rules: rules.filter((rule) => rule.security_group_id === row.id).map(ruleDict),
        stateful: Boolean(row.stateful),
        shared: shared.has(row.id),
        ...standard,
      };
    });
  },

  async insert(session, body) {
    const db = ml2View(session.db);
    const projectId = owningProject(body, session.context.projectId);
    const name = givenString(body, 'name') ?? '';
    await securityGroupsDb.ensureDefault(db, projectId);
    // Only the server makes "default" groups, one per project.
    if (name === 'default') throw new SecurityGroupDefaultAlreadyExists({});
    return securityGroupsDb.createGroup(db, {
      project_id: projectId,
      name,
      description: givenString(body, 'description') ?? '',
      stateful: givenBoolean(body, 'stateful') !== false,
    });
  },

  /** Every update is a new revision, as neutron's. */
  async update(session, row, body) {
    const db = ml2View(session.db);
    if (!securityGroupsDb.mayChange(session.context, row)) throw new SecurityGroupNotFound({ id: row.id });
    const name = givenString(body, 'name');
    // As neutron: the default group keeps its name, even when the request repeats it.
    if (row.name === 'default' && name !== undefined) throw new SecurityGroupCannotUpdateDefault({});
    const description = givenString(body, 'description');
    const stateful = givenBoolean(body, 'stateful');
    // As neutron's update_security_group: a group ports use keeps its statefulness.
    if (stateful !== undefined && stateful !== Boolean(row.stateful) && (await inUse(session, row.id))) throw new SecurityGroupInUse({ id: row.id });
    await db
      .updateTable('ml2_security_groups')
      .set({
        ...(name === undefined ? {} : { name }),
        ...(description === undefined ? {} : { description }),
        ...(stateful === undefined ? {} : { stateful: stateful ? 1 : 0 }),
        ...revisionBump(row),
      })
      .where('id', '=', row.id)
      .execute();
  },

  async release(session, row) {
    if (!securityGroupsDb.mayChange(session.context, row)) throw new SecurityGroupNotFound({ id: row.id });
    if (row.name === 'default' && !session.context.isAdmin) throw new SecurityGroupCannotRemoveDefault({});
    if (await inUse(session, row.id)) throw new SecurityGroupInUse({ id: row.id });
  },

  async remove(session, row) {
    const db = ml2View(session.db);
    await db.deleteFrom('ml2_security_group_rules').where('security_group_id', '=', row.id).execute();
    await db.deleteFrom('ml2_default_security_groups').where('security_group_id', '=', row.id).execute();
    await db.deleteFrom('ml2_security_groups').where('id', '=', row.id).execute();
    await resourceTags.remove(session.db, row.id);
  },
};

/** Whether ports are in the group. */
async function inUse(session: Session, id: string): Promise<boolean> {
  const port = await ml2View(session.db)
    .selectFrom('ml2_security_group_port_bindings')
    .select('port_id')
    .where('security_group_id', '=', id)
    .executeTakeFirst();
  return port !== undefined;
}
