import { filteredProducer, type ResourceProducer } from '@net-server/lib';
import type { TransactionRunner } from 'net-server';
import { ndpView } from '../db/schema.js';
import { NDP_PROXY_RESOURCE, NDP_PROXY_VERSION, ndpProxyPrimitive } from './versioned-ndp-proxy.js';

/**
 * What L3 agents pull through the core plugin's resources pull API: a
 * proxy by id, or those matching `filter_kwargs` (the agent's ndp_proxy
 * extension asks by `router_id`). Only version 1.0 exists.
 */
export function ndpProxyProducer(transactions: TransactionRunner): ResourceProducer {
  return filteredProducer({
    resource: NDP_PROXY_RESOURCE,
    version: NDP_PROXY_VERSION,
    filterable: ['id', 'name', 'project_id', 'router_id', 'port_id', 'ip_address', 'description'],
    load: (context, filters) =>
      transactions.read(context, async (session) => {
        let query = ndpView(session).selectFrom('ndp_proxies').selectAll();
        if (filters['router_id']) query = query.where('router_id', 'in', filters['router_id']);
        return (await query.execute()).map(ndpProxyPrimitive);
      }),
  });
}
