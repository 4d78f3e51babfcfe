import { converters, isAttrSpecified } from '@net-server/lib';
import { ACCESS_EXTERNAL, grantToAll, type Session } from 'net-server';
import { l3View } from '../db/schema.js';
import type { L3CorePlugin } from './core-access.js';
import { externalNetworkRbac } from './external-network-rbac.js';
import { isExternalNetwork, markExternal, unmarkExternal } from './external-network-rows.js';

export const EXTERNAL = 'router:external';

/**
 * The `external-net` extension on the core plugin's networks (neutron's
 * External_net_db_mixin), kept in this package's `externalnetworks` table
 * through the core plugin's hooks: the routers need it and the DB base
 * plugin does not carry it. Who may use an external network is the core's
 * RBAC entries: `router:external = true` adds the access_as_external entry
 * for every project (which the core's visibility rule shows them the
 * network by), and entries for single projects make a network external for
 * them alone (external-network-rbac.ts).
 */
export class ExternalNetworks {
  constructor(core: L3CorePlugin) {
    core.hooks.add('network', {
      precommitCreate: async (session, request, network) => {
        if (!requested(request)) return;
        await markExternal(session, String(network['id']));
        await grantToAll(session, { id: String(network['id']), project_id: String(network['project_id']) }, ACCESS_EXTERNAL);
      },
      precommitUpdate: async (session, request, original, updated) => {
        const external = requested(request);
        if (external === undefined || external === original[EXTERNAL]) return;
        const id = String(updated['id']);
        if (external) {
          await markExternal(session, id);
          await grantToAll(session, { id, project_id: String(updated['project_id']) }, ACCESS_EXTERNAL);
        } else {
          await unmarkExternal(session, id);
        }
      },
      extendDicts: async (session, networks) => {
        const ids = networks.map((network) => String(network['id']));
        const rows = await l3View(session.db).selectFrom('externalnetworks').select('network_id').where('network_id', 'in', ids).execute();
        const external = new Set(rows.map((row) => row.network_id));
        for (const network of networks) network[EXTERNAL] = external.has(String(network['id']));
      },
    });
    core.networkRbac.registerAction(ACCESS_EXTERNAL, externalNetworkRbac());
  }

  isExternal(session: Session, networkId: string): Promise<boolean> {
    return isExternalNetwork(session, networkId);
  }
}

function requested(request: Readonly<Record<string, unknown>>): boolean | undefined {
  const value = request[EXTERNAL];
  return isAttrSpecified(value) && value !== null && value !== undefined ? converters.convertToBoolean(value) : undefined;
}
