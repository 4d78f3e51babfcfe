import { filteredProducer, type ResourceProducer } from '@net-server/lib';
import type { TransactionRunner } from 'net-server';
import { localIpView } from '../db/schema.js';
import { LOCAL_IP_ASSOCIATION_RESOURCE, LOCAL_IP_ASSOCIATION_VERSION, associationPrimitive } from './versioned-local-ip.js';

/**
 * What agents pull through the core plugin's resources pull API: the OVS
 * agent's local_ip extension bulk-pulls every LocalIPAssociation when it
 * starts; one is also pulled by its id (`<local_ip_id>_<fixed_port_id>`).
 */
export function associationProducer(transactions: TransactionRunner): ResourceProducer {
  return filteredProducer({
    resource: LOCAL_IP_ASSOCIATION_RESOURCE,
    version: LOCAL_IP_ASSOCIATION_VERSION,
    filterable: ['id', 'local_ip_id', 'fixed_port_id', 'fixed_ip'],
    load: (context) =>
      transactions.read(context, async (session) => {
        const rows = await localIpView(session)
          .selectFrom('local_ip_associations')
          .innerJoin('local_ips', 'local_ips.id', 'local_ip_associations.local_ip_id')
          .selectAll('local_ips')
          .select(['local_ip_associations.local_ip_id', 'local_ip_associations.fixed_port_id', 'local_ip_associations.fixed_ip'])
          .execute();
        return rows.map((row) => associationPrimitive(row, row));
      }),
  });
}
