import { mapped, withStandardAttributes, type TableMapping } from './table-mapping.js';

/** What @net-server/segments keeps beside ML2's segments: their standard attributes and names, and subnets' segments. */
export const segmentMappings: readonly TableMapping[] = [
  mapped(
    'segment_attributes',
    'networksegments',
    (row) => ({
      segment_id: row['id'],
      network_id: row['network_id'],
      name: row['name'] ?? null,
      description: row['description'] ?? '',
      revision_number: row['revision_number'],
      created_at: row['created_at'],
      updated_at: row['updated_at'],
    }),
    { standardAttributes: true },
  ),
  mapped('subnet_segments', 'subnets', (row) => (row['segment_id'] ? { subnet_id: row['id'], segment_id: row['segment_id'] } : undefined)),
  withStandardAttributes('network_segment_ranges'),
];

/** A port's ip_allocation, kept (after the ports) only where it is not neutron's default 'immediate' (none, deferred). */
export const segmentPortMappings: readonly TableMapping[] = [
  mapped('port_ip_allocations', 'ports', (row) =>
    row['ip_allocation'] && row['ip_allocation'] !== 'immediate' ? { port_id: row['id'], ip_allocation: row['ip_allocation'] } : undefined,
  ),
];
