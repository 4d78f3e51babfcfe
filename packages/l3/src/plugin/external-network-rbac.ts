import { constants } from '@net-server/lib';
import { ACCESS_EXTERNAL, RbacPolicyInUse, targetsOf, WILDCARD, type NetworkRbacAction, type Session } from 'net-server';
import { l3View, type L3Tables } from '../db/schema.js';
import { isExternalNetwork, markExternal, unmarkExternal } from './external-network-rows.js';

/**
 * The access_as_external action of network RBAC entries (neutron's
 * external_net_db RBAC_POLICY callbacks): an entry for a project makes the
 * network external (for that project, whom the core then shows it); the
 * network stops being external with its last entry; a project may not lose
 * the entry its routers' gateways on the network depend on.
 */
export function externalNetworkRbac(): NetworkRbacAction {
  return {
    async beforeCreate(session, entry) {
      // As neutron's _process_ext_policy_create: converted, without the entry for every project that `router:external` would add.
      if (!(await isExternalNetwork(session, entry.object_id))) await markExternal(session, entry.object_id);
    },
    async beforeRevoke(session, entry, _network, newTarget) {
      // As neutron's _validate_ext_not_in_use_by_tenant: the default external network (auto-allocate's is_default) keeps its entry for every project, routers or not.
      if (entry.target_project === WILDCARD) await checkNotDefault(session, entry.object_id);
      const routers = await routersWithGatewayOn(session, entry.object_id);
      if (routers.length === 0) return;
      const targets = await targetsOf(session, entry.object_id, ACCESS_EXTERNAL);
      if (entry.target_project !== WILDCARD) {
        // Another entry for every project keeps the routers' access.
        if (targets.includes(WILDCARD)) return;
        if (routers.some((router) => router.project_id === entry.target_project)) throw inUse(entry.object_id);
        return;
      }
      const kept = [...targets.filter((target) => target !== WILDCARD), ...(newTarget === undefined ? [] : [newTarget])];
      if (routers.some((router) => !kept.includes(router.project_id))) throw inUse(entry.object_id);
    },
    async afterDelete(session, entry) {
      if ((await targetsOf(session, entry.object_id, ACCESS_EXTERNAL)).length > 0) return;
      await unmarkExternal(session, entry.object_id);
    },
  };
}

async function checkNotDefault(session: Session, networkId: string): Promise<void> {
  const row = await l3View(session.db).selectFrom('externalnetworks').select('is_default').where('network_id', '=', networkId).executeTakeFirst();
  if (row && Boolean(row.is_default)) throw new RbacPolicyInUse({ object_id: networkId, details: 'Default external networks must be shared to everyone.' });
}

/** The routers whose gateway port is on the network, with their projects. */
function routersWithGatewayOn(session: Session, networkId: string): Promise<{ id: string; project_id: string }[]> {
  return session.db
    .withTables<Pick<L3Tables, 'routers'>>()
    .selectFrom('routers')
    .innerJoin('ports', 'ports.id', 'routers.gw_port_id')
    .select(['routers.id', 'routers.project_id'])
    .where('ports.network_id', '=', networkId)
    .where('ports.device_owner', '=', constants.DEVICE_OWNER_ROUTER_GW)
    .execute();
}

function inUse(networkId: string): InstanceType<typeof RbacPolicyInUse> {
  return new RbacPolicyInUse({ object_id: networkId, details: 'There are routers attached to this network that depend on this policy for access.' });
}
