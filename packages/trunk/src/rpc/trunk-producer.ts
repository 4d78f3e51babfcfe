import type { Context, Filters, ResourceDict, ResourceProducer, VersionedObjectPrimitive } from '@net-server/lib';
import { trunkPrimitive } from './trunk-objects.js';

/** Trunk dicts (subports included) matching filters, as an admin sees them. */
export type TrunkLister = (context: Context, filters: Filters) => Promise<ResourceDict[]>;

function asFilters(filters: Readonly<Record<string, unknown>>): Filters {
  return Object.fromEntries(Object.entries(filters).map(([field, value]) => [field, Array.isArray(value) ? value : [value]]));
}

/**
 * The Trunk producer agents pull from through the core plugin's resources
 * pull API: `pull` finds a trunk by its parent port (neutron's
 * trunk_by_port_provider, what the agent's get_trunk_details asks),
 * `bulk_pull` by the Trunk object's fields.
 */
export function trunkProducer(list: TrunkLister): ResourceProducer {
  return {
    async pull(context: Context, portId: string): Promise<VersionedObjectPrimitive | null> {
      const [trunk] = await list(context.elevated(), { port_id: [portId] });
      return trunk === undefined ? null : trunkPrimitive(trunk);
    },
    async bulkPull(context: Context, filters: Readonly<Record<string, unknown>>): Promise<VersionedObjectPrimitive[]> {
      return (await list(context.elevated(), asFilters(filters))).map(trunkPrimitive);
    },
  };
}
