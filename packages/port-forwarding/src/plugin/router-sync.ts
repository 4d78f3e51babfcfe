import { getAdminContext, type ResourceDict } from '@net-server/lib';
import type { RouterSyncExtender } from '@net-server/l3';
import type { TransactionRunner } from 'net-server';
import { forwardingView } from '../db/schema.js';
import type { RouterPluginAccess } from './router-plugin-access.js';

/**
 * neutron's sync_port_forwarding_fip, which l3_rpc calls for the routers an
 * L3 agent syncs: a router whose floating IPs forward ports gets their
 * addresses (`port_forwardings_fip_set`, as /32s), their ids
 * (`fip_managed_by_port_forwardings`) and the floating IPs themselves
 * (`_pf_floatingips`); the agent then pulls their forwardings.
 */
export function portForwardingSync(transactions: TransactionRunner, routers: RouterPluginAccess): RouterSyncExtender {
  return async (synced: ResourceDict[]) => {
    const ids = synced.map((router) => String(router['id']));
    if (ids.length === 0) return;
    const admin = getAdminContext();
    const rows = await transactions.read(admin, (session) =>
      forwardingView(session)
        .selectFrom('portforwardings')
        .innerJoin('floatingips', 'floatingips.id', 'portforwardings.floatingip_id')
        .select(['floatingips.id', 'floatingips.router_id', 'floatingips.floating_ip_address'])
        .where('floatingips.router_id', 'in', ids)
        .execute(),
    );
    for (const router of synced) {
      const mine = rows.filter((row) => row.router_id === router['id']);
      if (mine.length === 0) continue;
      const fipIds = [...new Set(mine.map((row) => row.id))];
      router['port_forwardings_fip_set'] = [...new Set(mine.map((row) => `${row.floating_ip_address}/32`))];
      router['fip_managed_by_port_forwardings'] = fipIds;
      const known = Array.isArray(router['_pf_floatingips']) ? (router['_pf_floatingips'] as ResourceDict[]) : [];
      router['_pf_floatingips'] = [...known, ...(await Promise.all(fipIds.map((id) => routers.floatingIps.get(admin, id))))];
    }
  };
}
