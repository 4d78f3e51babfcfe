import { matchesFilters, type Context, type ListOptions, type ResourceDict } from '@net-server/lib';
import type { TransactionRunner } from 'net-server';
import { l3View } from '../db/schema.js';

/**
 * floatingip-pools (neutron's FloatingIPPoolsDbMixin): the IPv4 subnets of
 * every external network, whoever owns them, each shown with the caller's
 * project (neutron's dict takes the context's). IPv6 subnets would count
 * with fip64, which no plugin here serves.
 */
export async function floatingIpPools(transactions: TransactionRunner, context: Context, options: ListOptions = {}): Promise<ResourceDict[]> {
  const subnets = await transactions.read(context, (session) =>
    l3View(session.db)
      .selectFrom('subnets')
      .innerJoin('externalnetworks', 'externalnetworks.network_id', 'subnets.network_id')
      .select(['subnets.id', 'subnets.name', 'subnets.network_id', 'subnets.cidr'])
      .where('subnets.ip_version', '=', 4)
      .orderBy('subnets.id')
      .execute(),
  );
  const project = context.projectId ?? null;
  return subnets
    .map(
      (subnet): ResourceDict => ({
        subnet_id: subnet.id,
        subnet_name: subnet.name,
        tenant_id: project,
        project_id: project,
        network_id: subnet.network_id,
        cidr: subnet.cidr,
      }),
    )
    .filter((pool) => matchesFilters(pool, options.filters));
}
