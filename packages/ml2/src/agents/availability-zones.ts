import { AvailabilityZoneNotFound, constants } from '@net-server/lib';
import type { Ml2Db } from '../db/schema.js';
import type { Agent } from './agent.js';

/** What a zone is for: networks (DHCP agents' zones) or routers (L3 agents'). */
export type AvailabilityZoneResource = 'network' | 'router';

/** An entry of GET /v2.0/availability_zones. */
export interface AvailabilityZone {
  name: string;
  resource: AvailabilityZoneResource;
  state: 'available' | 'unavailable';
}

/** neutron's RESOURCE_AGENT_TYPE_MAP: the agents whose zones are a resource's. */
const AGENT_TYPE_OF: Record<AvailabilityZoneResource, string> = {
  network: constants.AGENT_TYPE_DHCP,
  router: constants.AGENT_TYPE_L3,
};

function resourceOf(agentType: string): AvailabilityZoneResource | undefined {
  if (agentType === constants.AGENT_TYPE_DHCP) return 'network';
  if (agentType === constants.AGENT_TYPE_L3) return 'router';
  return undefined;
}

/**
 * The zones the agents report (neutron's _list_availability_zones): one per
 * zone and resource, available when some agent in it is administratively
 * up, whether alive or not. Agents without a zone, and agents that host
 * neither networks nor routers, make none.
 */
export function availabilityZonesOf(agents: readonly Agent[]): AvailabilityZone[] {
  const zones = new Map<string, AvailabilityZone>();
  for (const agent of agents) {
    const resource = resourceOf(agent.agent_type);
    if (!agent.availability_zone || resource === undefined) continue;
    const key = JSON.stringify([agent.availability_zone, resource]);
    const available = agent.admin_state_up || zones.get(key)?.state === 'available';
    zones.set(key, { name: agent.availability_zone, resource, state: available ? 'available' : 'unavailable' });
  }
  return [...zones.values()];
}

/**
 * Refuses hints naming a zone no agent of the resource's type reports
 * (neutron's validate_availability_zones): AvailabilityZoneNotFound, 404.
 */
export async function validateAvailabilityZones(db: Ml2Db, resource: AvailabilityZoneResource, hints: readonly string[]): Promise<void> {
  if (hints.length === 0) return;
  const rows = await db
    .selectFrom('ml2_agents')
    .select('availability_zone')
    .distinct()
    .where('agent_type', '=', AGENT_TYPE_OF[resource])
    .where('availability_zone', 'in', [...hints])
    .execute();
  const known = new Set(rows.map((row) => row.availability_zone));
  const missing = hints.find((hint) => !known.has(hint));
  if (missing !== undefined) throw new AvailabilityZoneNotFound({ availability_zone: missing });
}
