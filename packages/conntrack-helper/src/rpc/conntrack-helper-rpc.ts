import { filteredProducer, type ResourceProducer } from '@net-server/lib';
import type { TransactionRunner } from 'net-server';
import { helperView } from '../db/schema.js';
import { CONNTRACK_HELPER_RESOURCE, CONNTRACK_HELPER_VERSION, helperPrimitive } from './versioned-conntrack-helper.js';

/**
 * What L3 agents pull through the core plugin's resources pull API: a
 * helper by id, or those matching `filter_kwargs` (the agent's
 * conntrack_helper extension asks by `router_id`). Only version 1.0 exists.
 */
export function conntrackHelperProducer(transactions: TransactionRunner): ResourceProducer {
  return filteredProducer({
    resource: CONNTRACK_HELPER_RESOURCE,
    version: CONNTRACK_HELPER_VERSION,
    filterable: ['id', 'router_id', 'protocol', 'port', 'helper'],
    load: (context, filters) =>
      transactions.read(context, async (session) => {
        let query = helperView(session).selectFrom('conntrack_helpers').selectAll();
        if (filters['router_id']) query = query.where('router_id', 'in', filters['router_id']);
        return (await query.execute()).map(helperPrimitive);
      }),
  });
}
