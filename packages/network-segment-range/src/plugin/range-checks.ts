import { BadRequest, constants, isAttrSpecified, type ResourceDict } from '@net-server/lib';
import type { RequestBody } from 'net-server';
import type { RangesDb } from '../db/schema.js';
import { NetworkSegmentRangeOverlaps, NetworkSegmentRangeReferencedByProject, NetworkTunnelRangeError, NetworkVlanRangeError } from '../errors.js';
import { rangeOf, segmentsInRange, type RangeSpec } from './range-segments.js';

/** The valid ids of each tunnel type (neutron_lib.plugins.utils._TUNNEL_MAPPINGS). */
const TUNNEL_IDS: Readonly<Record<string, readonly [number, number]>> = {
  [constants.TYPE_GRE]: [constants.MIN_GRE_ID, constants.MAX_GRE_ID],
  [constants.TYPE_VXLAN]: [constants.MIN_VXLAN_VNI, constants.MAX_VXLAN_VNI],
  [constants.TYPE_GENEVE]: [constants.MIN_GENEVE_VNI, constants.MAX_GENEVE_VNI],
};

/** neutron's _validate_network_segment_range_eligible: the bounds are ids of the type, the minimum not above the maximum. */
export function checkEligible(range: RangeSpec): void {
  const text = `${range.minimum}:${range.maximum}`;
  if (range.network_type === constants.TYPE_VLAN) {
    for (const tag of [range.minimum, range.maximum]) {
      if (tag < constants.MIN_VLAN_TAG || tag > constants.MAX_VLAN_TAG)
        throw new NetworkVlanRangeError({ vlan_range: text, error: `${tag} is not a valid VLAN tag` });
    }
    if (range.maximum < range.minimum) throw new NetworkVlanRangeError({ vlan_range: text, error: 'End of VLAN range is less than start of VLAN range' });
    return;
  }
  const [min, max] = TUNNEL_IDS[range.network_type] ?? [-Infinity, Infinity];
  for (const id of [range.minimum, range.maximum]) {
    if (id < min || id > max) throw new NetworkTunnelRangeError({ tunnel_range: text, error: `${id} is not a valid ${range.network_type} identifier` });
  }
  if (range.maximum < range.minimum) throw new NetworkTunnelRangeError({ tunnel_range: text, error: 'End of tunnel range is less than start of tunnel range' });
}

/** neutron's _get_physical_network: VLAN ranges need one, the others have none. */
export function physicalNetworkOf(body: RequestBody, networkType: string): string | null {
  if (networkType !== constants.TYPE_VLAN) return null;
  const physnet = body['physical_network'];
  if (physnet === undefined || physnet === null || !isAttrSpecified(physnet)) {
    throw new BadRequest({
      resource: 'network_segment_range',
      msg: `Network type ${constants.TYPE_VLAN} requires 'physical_network' to be specified while creating new range`,
    });
  }
  return String(physnet);
}

/** neutron's _validate_network_segment_range_overlap: a new range may not overlap another that is not a default one. */
export async function checkNoOverlap(db: RangesDb, range: RangeSpec): Promise<void> {
  let query = db
    .selectFrom('network_segment_ranges')
    .select('id')
    .where('default', '=', 0)
    .where('network_type', '=', range.network_type)
    .where('minimum', '<=', range.maximum)
    .where('maximum', '>=', range.minimum)
    .orderBy('id');
  query = range.physical_network === null ? query.where('physical_network', 'is', null) : query.where('physical_network', '=', range.physical_network);
  const overlapping = await query.execute();
  if (overlapping.length > 0) throw new NetworkSegmentRangeOverlaps({ range_id: overlapping.map((row) => row.id).join(', ') });
}

/**
 * neutron's _are_allocated_segments_in_range_impacted, as Zed has it: once
 * networks use ids of the range, a new minimum at or above the lowest of
 * them, or a new maximum at or below the highest, is refused (an unchanged
 * bound counts as given).
 */
export async function checkUpdateLeavesSegments(db: RangesDb, existing: ResourceDict, minimum: number, maximum: number): Promise<void> {
  const segments = await segmentsInRange(db, rangeOf(existing));
  if (segments.length === 0) return;
  const lowest = segments[0]!.segmentation_id;
  const highest = segments[segments.length - 1]!.segmentation_id;
  if (minimum >= lowest || maximum <= highest) throw new NetworkSegmentRangeReferencedByProject({ range_id: existing['id'] });
}

/** neutron's _is_network_segment_range_referenced: a range networks use ids of cannot go. */
export async function checkUnreferenced(db: RangesDb, range: RangeSpec, id: string): Promise<void> {
  if ((await segmentsInRange(db, range)).length > 0) throw new NetworkSegmentRangeReferencedByProject({ range_id: id });
}
