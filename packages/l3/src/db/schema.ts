import type { Generated, Kysely } from 'kysely';
import type { MigrationSchema } from 'net-server';

/** neutron's routers table (l3_models.Router) with the ext-gw-mode column. */
export type RoutersTable = {
  id: string;
  project_id: string;
  name: string;
  status: string;
  admin_state_up: boolean | number;
  gw_port_id: string | null;
  enable_snat: boolean | number;
  description: string;
  /** PostgreSQL returns bigint columns as strings. */
  revision_number: number | string;
  created_at: string;
  updated_at: string;
};

/** Ports a router owns (l3_models.RouterPort): its interfaces and its gateway. */
export type RouterPortsTable = {
  router_id: string;
  port_id: string;
  port_type: string;
};

/** Static routes (extraroute's RouterRoute). */
export type RouterRoutesTable = {
  router_id: string;
  destination: string;
  nexthop: string;
};

/** Networks flagged `router:external` (external_net_db's ExternalNetwork). */
export type ExternalNetworksTable = {
  network_id: string;
  is_default: boolean | number;
};

export type FloatingIpsTable = {
  id: string;
  project_id: string;
  floating_ip_address: string;
  floating_network_id: string;
  floating_port_id: string;
  fixed_port_id: string | null;
  fixed_ip_address: string | null;
  router_id: string | null;
  status: string;
  description: string;
  revision_number: number | string;
  created_at: string;
  updated_at: string;
};

/** Which L3 agent hosts a router (RouterL3AgentBinding); `binding_index` (default 1) is unique per router, so a router has one agent. */
export type RouterL3AgentBindingsTable = {
  router_id: string;
  l3_agent_id: string;
  binding_index: Generated<number>;
};

/** dvr and l3-ha attributes of a router (neutron's router_extra_attributes); a router without a row has the configured defaults. */
export type RouterExtraAttributesTable = {
  router_id: string;
  distributed: boolean | number;
  ha: boolean | number;
  ha_vr_id: number;
};

/** The HA network of a project (neutron's ha_router_networks). */
export type HaRouterNetworksTable = { project_id: string; network_id: string };

/** VRIDs taken on an HA network (ha_router_vrid_allocations), 1-254. */
export type HaRouterVridAllocationsTable = { network_id: string; vr_id: number };

/** An HA router's port for one L3 agent (ha_router_agent_port_bindings), with the state the agent reports. */
export type HaRouterAgentPortBindingsTable = { port_id: string; router_id: string; l3_agent_id: string | null; state: Generated<string> };

export type L3Tables = {
  routers: RoutersTable;
  routerports: RouterPortsTable;
  routerroutes: RouterRoutesTable;
  externalnetworks: ExternalNetworksTable;
  floatingips: FloatingIpsTable;
  routerl3agentbindings: RouterL3AgentBindingsTable;
  router_availability_zone_hints: { router_id: string; availability_zone_hints: string };
  router_extra_attributes: RouterExtraAttributesTable;
  ha_router_networks: HaRouterNetworksTable;
  ha_router_vrid_allocations: HaRouterVridAllocationsTable;
  ha_router_agent_port_bindings: HaRouterAgentPortBindingsTable;
};

export type L3Db = Kysely<MigrationSchema & L3Tables>;

/**
 * The L3 tables' typed view of a query layer typed for other tables (the
 * base plugin's session). Kysely's database type is invariant, so this is
 * the one place that tells the compiler it is the same object.
 */
export function l3View<DB extends MigrationSchema>(db: Kysely<DB>): L3Db {
  return db.withTables<L3Tables>() as unknown as L3Db;
}
