import type { Kysely } from 'kysely';
import type { CoreTables, Session } from 'net-server';

/** A project's auto-allocated topology (neutron's AutoAllocatedTopology model). */
export type AutoAllocatedTopologyRow = {
  project_id: string;
  network_id: string;
  router_id: string | null;
};

/** The router plugin's table of external networks, whose `is_default` this plugin keeps (neutron's ExternalNetwork). */
export type ExternalNetworkRow = {
  network_id: string;
  is_default: boolean | number;
};

export type AutoAllocateTables = {
  auto_allocated_topologies: AutoAllocatedTopologyRow;
  externalnetworks: ExternalNetworkRow;
};

export function autoAllocateView(session: Session): Kysely<CoreTables & AutoAllocateTables> {
  return session.db.withTables<AutoAllocateTables>() as unknown as Kysely<CoreTables & AutoAllocateTables>;
}
