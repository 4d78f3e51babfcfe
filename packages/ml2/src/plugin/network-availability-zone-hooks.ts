import { isAttrSpecified, type ResourceDict } from '@net-server/lib';
import type { ResourceHooks, Session } from 'net-server';
import { validateAvailabilityZones } from '../agents/availability-zones.js';
import { ml2View } from '../db/ml2-view.js';
import { networkAvailabilityZoneHints } from '../db/network-availability-zone-hints.js';

/**
 * Networks' `availability_zone_hints` and `availability_zones` (the
 * network_availability_zone extension): hints are given on create only and
 * must name zones DHCP agents report; a network's zones are those of the
 * DHCP agents hosting it (neutron's AZDhcpAgentSchedulerDbMixin).
 */
export const networkAvailabilityZoneHooks: ResourceHooks = {
  async precommitCreate(session: Session, request: Readonly<Record<string, unknown>>, network: ResourceDict): Promise<void> {
    const asked = request['availability_zone_hints'];
    const hints = asked !== undefined && isAttrSpecified(asked) && Array.isArray(asked) ? asked.map(String) : [];
    const db = ml2View(session.db);
    await validateAvailabilityZones(db, 'network', hints);
    await networkAvailabilityZoneHints.put(db, String(network['id']), hints);
  },

  async extendDicts(session: Session, networks: ResourceDict[]): Promise<void> {
    const db = ml2View(session.db);
    const ids = networks.map((network) => String(network['id']));
    const hints = await networkAvailabilityZoneHints.ofNetworks(db, ids);
    const hosted = await db
      .selectFrom('ml2_network_dhcp_agent_bindings')
      .innerJoin('ml2_agents', 'ml2_agents.id', 'ml2_network_dhcp_agent_bindings.dhcp_agent_id')
      .select(['ml2_network_dhcp_agent_bindings.network_id as network_id', 'ml2_agents.availability_zone as availability_zone'])
      .where('ml2_network_dhcp_agent_bindings.network_id', 'in', ids)
      .execute();
    const zones = new Map<string, Set<string>>();
    for (const row of hosted) {
      if (row.availability_zone === null) continue;
      const set = zones.get(row.network_id) ?? new Set<string>();
      set.add(row.availability_zone);
      zones.set(row.network_id, set);
    }
    for (const network of networks) {
      const id = String(network['id']);
      network['availability_zone_hints'] = hints.get(id) ?? [];
      network['availability_zones'] = [...(zones.get(id) ?? [])].sort();
    }
  },
};
