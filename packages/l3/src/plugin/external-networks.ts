import { constants, converters, InUse, isAttrSpecified, defineNeutronException } from '@net-server/lib';
import type { Session } from 'net-server';
import { l3View } from '../db/schema.js';
import type { L3CorePlugin } from './core-access.js';

export const EXTERNAL = 'router:external';

/** neutron_lib.exceptions.external_net.ExternalNetworkInUse. */
export const ExternalNetworkInUse = defineNeutronException<{ net_id: unknown }>(
  InUse,
  'ExternalNetworkInUse',
  'External network %(net_id)s cannot be updated to be made non-external, since it has existing gateway ports.',
);

/**
 * The `external-net` extension on the core plugin's networks (neutron's
 * External_net_db_mixin), kept in this package's `externalnetworks` table
 * through the core plugin's hooks: the routers need it and the DB base
 * plugin does not carry it. External networks are visible to every project,
 * as neutron's `access_as_external` to `*` makes them.
 */
export class ExternalNetworks {
  constructor(core: L3CorePlugin) {
    core.hooks.add('network', {
      precommitCreate: async (session, request, network) => {
        const external = requested(request);
        if (external) await l3View(session.db).insertInto('externalnetworks').values({ network_id: String(network['id']), is_default: 0 }).execute();
      },
      precommitUpdate: async (session, request, original, updated) => {
        const external = requested(request);
        if (external === undefined || external === original[EXTERNAL]) return;
        const db = l3View(session.db);
        const id = String(updated['id']);
        if (external) {
          await db.insertInto('externalnetworks').values({ network_id: id, is_default: 0 }).execute();
          return;
        }
        const gateway = await session.db
          .selectFrom('ports')
          .select('id')
          .where('network_id', '=', id)
          .where('device_owner', '=', constants.DEVICE_OWNER_ROUTER_GW)
          .executeTakeFirst();
        if (gateway) throw new ExternalNetworkInUse({ net_id: id });
        await db.deleteFrom('externalnetworks').where('network_id', '=', id).execute();
      },
      // neutron's external_net_db query hook: every project sees external networks (the API's get_network has rule:external).
      alsoVisible: (session) => l3View(session.db).selectFrom('externalnetworks').select('network_id').$asScalar(),
      extendDicts: async (session, networks) => {
        const ids = networks.map((network) => String(network['id']));
        const rows = await l3View(session.db).selectFrom('externalnetworks').select('network_id').where('network_id', 'in', ids).execute();
        const external = new Set(rows.map((row) => row.network_id));
        for (const network of networks) network[EXTERNAL] = external.has(String(network['id']));
      },
    });
  }

  async isExternal(session: Session, networkId: string): Promise<boolean> {
    const row = await l3View(session.db).selectFrom('externalnetworks').select('network_id').where('network_id', '=', networkId).executeTakeFirst();
    return row !== undefined;
  }
}

function requested(request: Readonly<Record<string, unknown>>): boolean | undefined {
  const value = request[EXTERNAL];
  return isAttrSpecified(value) && value !== null && value !== undefined ? converters.convertToBoolean(value) : undefined;
}

