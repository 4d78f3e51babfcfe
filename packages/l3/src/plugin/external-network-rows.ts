import { constants, InUse, defineNeutronException } from '@net-server/lib';
import { ACCESS_EXTERNAL, revokeFromAll, type Session } from 'net-server';
import { l3View } from '../db/schema.js';

/** neutron_lib.exceptions.external_net.ExternalNetworkInUse. */
export const ExternalNetworkInUse = defineNeutronException<{ net_id: unknown }>(
  InUse,
  'ExternalNetworkInUse',
  'External network %(net_id)s cannot be updated to be made non-external, since it has existing gateway ports.',
);

/** Whether the network is external (has its externalnetworks row). */
export async function isExternalNetwork(session: Session, networkId: string): Promise<boolean> {
  const row = await l3View(session.db).selectFrom('externalnetworks').select('network_id').where('network_id', '=', networkId).executeTakeFirst();
  return row !== undefined;
}

/** The network's externalnetworks row (neutron's ExternalNetwork object). */
export async function markExternal(session: Session, networkId: string): Promise<void> {
  await l3View(session.db).insertInto('externalnetworks').values({ network_id: networkId, is_default: 0 }).execute();
}

/**
 * neutron's _process_l3_update to non-external: refused while routers have
 * their gateway on it; the network's access_as_external entries go too.
 */
export async function unmarkExternal(session: Session, networkId: string): Promise<void> {
  const gateway = await session.db
    .selectFrom('ports')
    .select('id')
    .where('network_id', '=', networkId)
    .where('device_owner', '=', constants.DEVICE_OWNER_ROUTER_GW)
    .executeTakeFirst();
  if (gateway) throw new ExternalNetworkInUse({ net_id: networkId });
  await l3View(session.db).deleteFrom('externalnetworks').where('network_id', '=', networkId).execute();
  await revokeFromAll(session, networkId, ACCESS_EXTERNAL, true);
}
