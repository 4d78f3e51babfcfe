import type { RangesDb } from '../db/schema.js';

/** What places a range among a type's ids. */
export interface RangeSpec {
  network_type: string;
  /** Only VLAN ranges have one. */
  physical_network: string | null;
  minimum: number;
  maximum: number;
}

export function rangeOf(dict: Readonly<Record<string, unknown>>): RangeSpec {
  return {
    network_type: String(dict['network_type']),
    physical_network: (dict['physical_network'] as string | null | undefined) ?? null,
    minimum: Number(dict['minimum']),
    maximum: Number(dict['maximum']),
  };
}

/** The networks' segments of the range's type and physical network with ids in it, lowest first (neutron's segments_db lookups). */
export async function segmentsInRange(db: RangesDb, range: RangeSpec): Promise<{ segmentation_id: number; project_id: string }[]> {
  let query = db
    .selectFrom('ml2_network_segments')
    .innerJoin('networks', 'networks.id', 'ml2_network_segments.network_id')
    .select(['ml2_network_segments.segmentation_id as segmentation_id', 'networks.project_id as project_id'])
    .where('ml2_network_segments.network_type', '=', range.network_type)
    .where('ml2_network_segments.segmentation_id', '>=', range.minimum)
    .where('ml2_network_segments.segmentation_id', '<=', range.maximum)
    .orderBy('ml2_network_segments.segmentation_id');
  query =
    range.physical_network === null
      ? query.where('ml2_network_segments.physical_network', 'is', null)
      : query.where('ml2_network_segments.physical_network', '=', range.physical_network);
  const rows = await query.execute();
  return rows.map((row) => ({ segmentation_id: Number(row.segmentation_id), project_id: String(row.project_id) }));
}
