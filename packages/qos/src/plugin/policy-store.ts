import type { Context } from '@net-server/lib';
import { bumpRevision, objectsSharedWith, sharedWith } from 'net-server';
import { QOS_POLICY_RBAC_TABLE, type QosDb, type QosPoliciesTable } from '../db/schema.js';
import { QosPolicyNotFound } from '../errors.js';
import type { QosPolicyRecord } from './policy-record.js';
import { RULE_KINDS, type QosRule } from './rule-kinds.js';

/** The core's tables a policy's users are found in. */
type BoundTables = { networks: { id: string; project_id: string }; ports: { id: string; project_id: string } };
/** L3's, where it is installed. */
type L3Tables = { floatingips: { id: string; project_id: string }; routers: { id: string; project_id: string } };

/**
 * The QoS tables as the plugin and the ML2 driver read and write them,
 * inside the caller's transaction.
 */
export const policyStore = {
  /**
   * The policies with these ids (every one when `ids` is absent) that the
   * caller sees (admins: all; others: their project's and those shared with
   * it), with their rules; `shared` as the caller's project sees it
   * (neutron's is_shared_with_project).
   */
  async load(db: QosDb, context: Context, ids?: readonly string[]): Promise<QosPolicyRecord[]> {
    if (ids !== undefined && ids.length === 0) return [];
    const project = context.projectId ?? '';
    let query = db.selectFrom('qos_policies').selectAll().orderBy('id');
    if (ids !== undefined) query = query.where('id', 'in', [...ids]);
    if (!context.seesAllProjects) {
      query = query.where((eb) => eb.or([eb('project_id', '=', project), eb('id', 'in', objectsSharedWith(db, QOS_POLICY_RBAC_TABLE, project))]));
    }
    const rows = await query.execute();
    if (rows.length === 0) return [];
    const policyIds = rows.map((row) => row.id);
    const rules = new Map<string, QosRule[]>();
    for (const kind of RULE_KINDS) {
      const found = await db.selectFrom(kind.table).selectAll().where('qos_policy_id', 'in', policyIds).orderBy('id').execute();
      for (const rule of found) {
        const list = rules.get(rule.qos_policy_id) ?? [];
        list.push({ ...rule, type: kind.type });
        rules.set(rule.qos_policy_id, list);
      }
    }
    const defaults = new Set(
      (await db.selectFrom('qos_policies_default').select('qos_policy_id').where('qos_policy_id', 'in', policyIds).execute()).map((row) => row.qos_policy_id),
    );
    const shared = await sharedWith(db, QOS_POLICY_RBAC_TABLE, project, policyIds);
    return rows.map((row) => record(row, rules.get(row.id) ?? [], defaults.has(row.id), shared.has(row.id)));
  },

  /** The policy as the caller sees it; QosPolicyNotFound when it does not exist or is not visible (neutron's get_policy_obj). */
  async get(db: QosDb, context: Context, id: string): Promise<QosPolicyRecord> {
    const [policy] = await policyStore.load(db, context, [id]);
    if (!policy) throw new QosPolicyNotFound({ policy_id: id });
    return policy;
  },

  async defaultPolicyId(db: QosDb, projectId: string): Promise<string | undefined> {
    return (await db.selectFrom('qos_policies_default').select('qos_policy_id').where('project_id', '=', projectId).executeTakeFirst())?.qos_policy_id;
  },

  async networkPolicies(db: QosDb, networkIds: readonly string[]): Promise<Map<string, string>> {
    if (networkIds.length === 0) return new Map();
    const rows = await db
      .selectFrom('qos_network_policy_bindings')
      .select(['network_id', 'policy_id'])
      .where('network_id', 'in', [...networkIds])
      .execute();
    return new Map(rows.map((row) => [row.network_id, row.policy_id]));
  },

  async portPolicies(db: QosDb, portIds: readonly string[]): Promise<Map<string, string>> {
    if (portIds.length === 0) return new Map();
    const rows = await db
      .selectFrom('qos_port_policy_bindings')
      .select(['port_id', 'policy_id'])
      .where('port_id', 'in', [...portIds])
      .execute();
    return new Map(rows.map((row) => [row.port_id, row.policy_id]));
  },

  /** A rule, default or tag change revises its policy (neutron's revises_on_change); false when there is no such policy. */
  revise(db: QosDb, policyId: string): Promise<boolean> {
    return bumpRevision(db, 'qos_policies', policyId);
  },

  /** The projects whose networks, ports, floating IPs and routers use the policy (neutron's get_bound_project_ids). */
  async boundProjects(db: QosDb, policyId: string): Promise<Set<string>> {
    const core = db.withTables<BoundTables>();
    const networks = core
      .selectFrom('qos_network_policy_bindings')
      .innerJoin('networks', 'networks.id', 'qos_network_policy_bindings.network_id')
      .select('networks.project_id')
      .where('qos_network_policy_bindings.policy_id', '=', policyId);
    const ports = core
      .selectFrom('qos_port_policy_bindings')
      .innerJoin('ports', 'ports.id', 'qos_port_policy_bindings.port_id')
      .select('ports.project_id')
      .where('qos_port_policy_bindings.policy_id', '=', policyId);
    const projects = new Set((await networks.union(ports).execute()).map((row) => row.project_id));
    // L3's tables exist only where L3 is installed, and then only bindings lead to them.
    const { fips, routers } = await policyStore.bindings(db, policyId);
    const l3 = db.withTables<L3Tables>();
    if (fips.length > 0)
      for (const row of await l3.selectFrom('floatingips').select('project_id').where('id', 'in', fips).execute()) projects.add(row.project_id);
    if (routers.length > 0)
      for (const row of await l3.selectFrom('routers').select('project_id').where('id', 'in', routers).execute()) projects.add(row.project_id);
    return projects;
  },

  /** Where the policy is attached: its networks, ports, floating IPs and router gateways, by id. */
  async bindings(db: QosDb, policyId: string): Promise<{ networks: string[]; ports: string[]; fips: string[]; routers: string[] }> {
    const networks = await db.selectFrom('qos_network_policy_bindings').select('network_id').where('policy_id', '=', policyId).orderBy('network_id').execute();
    const ports = await db.selectFrom('qos_port_policy_bindings').select('port_id').where('policy_id', '=', policyId).orderBy('port_id').execute();
    const fips = await db.selectFrom('qos_fip_policy_bindings').select('fip_id').where('policy_id', '=', policyId).orderBy('fip_id').execute();
    const routers = await db.selectFrom('qos_router_gw_policy_bindings').select('router_id').where('policy_id', '=', policyId).orderBy('router_id').execute();
    return {
      networks: networks.map((row) => row.network_id),
      ports: ports.map((row) => row.port_id),
      fips: fips.map((row) => row.fip_id),
      routers: routers.map((row) => row.router_id),
    };
  },
};

function record(row: QosPoliciesTable, rules: QosRule[], isDefault: boolean, shared: boolean): QosPolicyRecord {
  return {
    id: row.id,
    project_id: row.project_id,
    name: row.name,
    description: row.description,
    shared,
    is_default: isDefault,
    revision_number: Number(row.revision_number),
    created_at: row.created_at,
    updated_at: row.updated_at,
    rules,
  };
}
