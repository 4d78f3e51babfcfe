import { converters, isAttrSpecified, type ResourceDict } from '@net-server/lib';
import type { CoreCapabilities, ResourceHooks, Session } from 'net-server';
import { IS_DEFAULT } from '../api/definitions.js';
import { autoAllocateView } from '../db/schema.js';
import { AutoAllocationFailure, DefaultExternalNetworkExists } from '../errors.js';

/**
 * `is_default` on networks (neutron's _ensure_external_network_default_value_callback
 * and _extend_external_network_default): kept in the router plugin's
 * externalnetworks row, so it means something on external networks only,
 * and one external network at most is the default. Added once every plugin
 * has loaded, so it runs after the router plugin's hooks have made the row.
 */
export function defaultExternalNetworkHooks(): ResourceHooks {
  return {
    precommitCreate: (session, request, network) => ensureDefault(session, request, undefined, network),
    precommitUpdate: (session, request, original, updated) => ensureDefault(session, request, original, updated),
    extendDicts: extendNetworks,
  };
}

export function addDefaultExternalNetworkHooks(core: Pick<CoreCapabilities, 'hooks'>): () => void {
  return core.hooks.add('network', defaultExternalNetworkHooks());
}

async function ensureDefault(
  session: Session,
  request: Readonly<Record<string, unknown>>,
  original: ResourceDict | undefined,
  network: ResourceDict,
): Promise<void> {
  const value = request[IS_DEFAULT];
  if (!isAttrSpecified(value) || value === null || value === undefined) return;
  const isDefault = converters.convertToBoolean(value);
  const id = String(network['id']);
  const db = autoAllocateView(session);
  if (isDefault) {
    const current = await db.selectFrom('externalnetworks').select('network_id').where('is_default', '=', 1).executeTakeFirst();
    if (current && current.network_id !== id) throw new DefaultExternalNetworkExists({ net_id: current.network_id });
  }
  if (original && original[IS_DEFAULT] === isDefault) return;
  network[IS_DEFAULT] = isDefault;
  await db
    .updateTable('externalnetworks')
    .set({ is_default: isDefault ? 1 : 0 })
    .where('network_id', '=', id)
    .execute();
}

/** External networks show whether they are the default; other networks have no `is_default`. */
async function extendNetworks(session: Session, networks: ResourceDict[]): Promise<void> {
  if (networks.length === 0) return;
  const rows = await autoAllocateView(session)
    .selectFrom('externalnetworks')
    .select(['network_id', 'is_default'])
    .where(
      'network_id',
      'in',
      networks.map((network) => String(network['id'])),
    )
    .execute();
  const defaults = new Map(rows.map((row) => [row.network_id, Boolean(row.is_default)]));
  for (const network of networks) {
    const isDefault = defaults.get(String(network['id']));
    if (isDefault !== undefined) network[IS_DEFAULT] = isDefault;
  }
}

/** The default external network, or neutron's AutoAllocationFailure: the deployment has none. */
export async function defaultExternalNetworkId(session: Session): Promise<string> {
  const row = await autoAllocateView(session)
    .selectFrom('externalnetworks')
    .select('network_id')
    .where('is_default', '=', 1)
    .orderBy('network_id')
    .executeTakeFirst();
  if (!row) throw new AutoAllocationFailure({ reason: 'No default router:external network' });
  return row.network_id;
}
