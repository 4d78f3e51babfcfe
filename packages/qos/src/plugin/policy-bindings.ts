import type { QosDb } from '../db/schema.js';

/** The core's tables a policy's users are found in. */
type BoundTables = { networks: { id: string; project_id: string }; ports: { id: string; project_id: string } };
/** L3's, where it is installed. */
type L3Tables = { floatingips: { id: string; project_id: string }; routers: { id: string; project_id: string } };

/**
 * Where policies are attached (networks, ports, floating IPs, router
 * gateways), as the plugin and the ML2 driver read it inside the caller's
 * transaction.
 */
export const policyBindings = {
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
    const { fips, routers } = await policyBindings.of(db, policyId);
    const l3 = db.withTables<L3Tables>();
    if (fips.length > 0)
      for (const row of await l3.selectFrom('floatingips').select('project_id').where('id', 'in', fips).execute()) projects.add(row.project_id);
    if (routers.length > 0)
      for (const row of await l3.selectFrom('routers').select('project_id').where('id', 'in', routers).execute()) projects.add(row.project_id);
    return projects;
  },

  /** Where the policy is attached: its networks, ports, floating IPs and router gateways, by id. */
  async of(db: QosDb, policyId: string): Promise<{ networks: string[]; ports: string[]; fips: string[]; routers: string[] }> {
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
