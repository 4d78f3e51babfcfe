import type { Context, ResourceDict } from '@net-server/lib';
import { autoAllocateView } from '../db/schema.js';
import { cleanup, PartialTopology, type Collaborators } from './topology-provisioning.js';

export interface BuiltTopology {
  projectId: string;
  networkId: string;
  routerId: string;
  subnets: readonly ResourceDict[];
}

/**
 * Records the project's topology and brings its network up (neutron's
 * _save). When a concurrent request recorded one first (the project is the
 * table's key), this one's resources go and the recorded network is the
 * answer, so every caller gets the same topology.
 */
export async function saveTopology(deps: Collaborators, context: Context, built: BuiltTopology): Promise<string> {
  const { projectId, networkId, routerId } = built;
  let recorded: boolean;
  try {
    recorded = await deps.core.transactions.write(context, async (session) => {
      const db = autoAllocateView(session);
      const existing = await db.selectFrom('auto_allocated_topologies').select('network_id').where('project_id', '=', projectId).executeTakeFirst();
      if (existing) return false;
      await db.insertInto('auto_allocated_topologies').values({ project_id: projectId, network_id: networkId, router_id: routerId }).execute();
      return true;
    });
    if (recorded) await deps.core.updateNetwork(context, networkId, { network: { admin_state_up: true } });
  } catch (error) {
    throw new PartialTopology(error, networkId, routerId, built.subnets);
  }
  if (recorded) return networkId;
  await cleanup(deps, context, { networkId, routerId, subnets: built.subnets });
  const winner = await deps.core.transactions.read(context, (session) =>
    autoAllocateView(session).selectFrom('auto_allocated_topologies').select('network_id').where('project_id', '=', projectId).executeTakeFirstOrThrow(),
  );
  return winner.network_id;
}
