import { getAdminContext, type ResourceDict } from '@net-server/lib';
import { l3View } from '../db/schema.js';
import type { L3CorePlugin } from '../plugin/core-access.js';
import type { RouterScheduling } from '../scheduler/router-scheduling.js';
import type { RouterSyncData } from './sync-data.js';

/** neutron_lib.constants HA_INTERFACE_KEY and HA_ROUTER_STATE_KEY. */
export const HA_INTERFACE_KEY = '_ha_interface';
export const HA_ROUTER_STATE_KEY = '_ha_state';

/**
 * What an L3 agent needs to build HA routers (neutron's
 * _process_sync_ha_data), in place: each HA router's `ha_vr_id`, and its
 * HA port for the agent on `host` (`_ha_interface`, with subnets and MTU
 * as the router's other ports) with the state recorded there
 * (`_ha_state`). An HA router with no HA port on that agent is left out,
 * as neutron does for agents that are not DVR agents.
 */
export async function withHaSyncData(
  core: L3CorePlugin,
  syncData: RouterSyncData,
  scheduling: RouterScheduling | undefined,
  routers: ResourceDict[],
  host: string | undefined,
): Promise<ResourceDict[]> {
  const ha = routers.filter((router) => router['ha'] === true);
  if (ha.length === 0) return routers;
  const ids = ha.map((router) => String(router['id']));
  const binder = scheduling?.haBinder;
  const agentId = scheduling && host !== undefined ? await scheduling.agentIdOnHost(host) : undefined;
  const { vrIds, bindings } = await core.transactions.read(getAdminContext(), async (session) => {
    const rows = await l3View(session.db).selectFrom('router_extra_attributes').select(['router_id', 'ha_vr_id']).where('router_id', 'in', ids).execute();
    return {
      vrIds: new Map(rows.map((row) => [row.router_id, Number(row.ha_vr_id)])),
      bindings: binder && agentId !== undefined ? await binder.portBindings(session, ids, agentId) : [],
    };
  });
  const ports = bindings.length === 0 ? [] : await core.getPorts(getAdminContext(), { filters: { id: bindings.map((binding) => binding.portId) } });
  const withSubnets = await syncData.portsWithSubnets(ports);
  for (const router of ha) {
    const id = String(router['id']);
    router['ha_vr_id'] = vrIds.get(id) ?? 0;
    const binding = bindings.find((candidate) => candidate.routerId === id);
    const port = binding ? withSubnets.find((candidate) => candidate['id'] === binding.portId) : undefined;
    if (binding && port) {
      router[HA_INTERFACE_KEY] = port;
      router[HA_ROUTER_STATE_KEY] = binding.state;
    }
  }
  return routers.filter((router) => router['ha'] !== true || router[HA_INTERFACE_KEY] !== undefined);
}
