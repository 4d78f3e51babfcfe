import { AvailabilityZoneNotFound, constants, getAdminContext } from '@net-server/lib';
import type { L3Db } from '../db/schema.js';
import type { AgentSource } from '../scheduler/router-scheduling.js';

/**
 * Routers' zones (the router_availability_zone extension): the hints they
 * may ask for and the zones of the L3 agents hosting them, from the core
 * plugin's agents; without agents there are none, and any hint is refused.
 */
export class RouterAvailabilityZones {
  constructor(private readonly agents: AgentSource | undefined) {}

  /** neutron's validate_availability_zones for routers: each hint a zone some L3 agent reports, else AvailabilityZoneNotFound. */
  async validate(hints: readonly string[]): Promise<void> {
    if (hints.length === 0) return;
    const agents = this.agents ? await this.agents.getAgents(getAdminContext(), { filters: { agent_type: [constants.AGENT_TYPE_L3] } }) : [];
    const known = new Set(agents.map((agent) => agent['availability_zone']));
    const missing = hints.find((hint) => !known.has(hint));
    if (missing !== undefined) throw new AvailabilityZoneNotFound({ availability_zone: missing });
  }

  /** The zones of the agents hosting each router, sorted (neutron's get_router_availability_zones). */
  async zones(db: L3Db, routerIds: readonly string[]): Promise<Map<string, string[]>> {
    const zones = new Map<string, string[]>();
    if (!this.agents || routerIds.length === 0) return zones;
    const bindings = await db
      .selectFrom('routerl3agentbindings')
      .select(['router_id', 'l3_agent_id'])
      .where('router_id', 'in', [...routerIds])
      .execute();
    if (bindings.length === 0) return zones;
    const agents = await this.agents.getAgents(getAdminContext(), { filters: { id: [...new Set(bindings.map((row) => row.l3_agent_id))] } });
    const zoneOf = new Map(agents.map((agent) => [String(agent['id']), agent['availability_zone']]));
    for (const { router_id: routerId, l3_agent_id: agentId } of bindings) {
      const zone = zoneOf.get(agentId);
      if (typeof zone !== 'string' || zone === '') continue;
      zones.set(routerId, [...new Set([...(zones.get(routerId) ?? []), zone])].sort());
    }
    return zones;
  }
}
