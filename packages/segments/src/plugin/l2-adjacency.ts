import type { ResourceDict } from '@net-server/lib';
import type { ResourceHooks, Session } from 'net-server';
import { L2_ADJACENCY_ATTRIBUTE } from '../api/definitions.js';
import { segmentsView } from '../db/schema.js';

/**
 * Networks' `l2_adjacency` (neutron's segments Plugin._extend_network_dict_binding):
 * a network is one L2 domain unless its subnets are on segments (a routed
 * network), where ports on different segments reach each other only
 * through a router.
 */
export const l2AdjacencyHooks: ResourceHooks = {
  async extendDicts(session: Session, networks: ResourceDict[]): Promise<void> {
    const ids = networks.map((network) => String(network['id']));
    const routed = await segmentsView(session.db)
      .selectFrom('subnets')
      .innerJoin('subnet_segments', 'subnet_segments.subnet_id', 'subnets.id')
      .select('subnets.network_id as network_id')
      .distinct()
      .where('subnets.network_id', 'in', ids)
      .execute();
    const onSegments = new Set(routed.map((row) => row.network_id));
    for (const network of networks) network[L2_ADJACENCY_ATTRIBUTE] = !onSegments.has(String(network['id']));
  },
};
