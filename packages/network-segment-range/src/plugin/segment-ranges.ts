import { givenBoolean, givenInteger, givenString, owningProject, type Session, type TableResource } from 'net-server';
import { rangesView, type NetworkSegmentRangeRow } from '../db/schema.js';
import { NetworkSegmentRangeDefaultReadOnly, NetworkSegmentRangeNotFound } from '../errors.js';
import { checkUnreferenced } from './range-checks.js';
import { rangeOf } from './range-segments.js';

/**
 * Network segment ranges (neutron's NetworkSegmentRange): shared ranges
 * (no project) or one project's. A range's type, physical network, sharing
 * and project are fixed once created; name and bounds change. The API
 * checks (type, bounds, overlaps) are the plugin's, which needs ML2's type
 * drivers; what only the table decides is here. Default ranges are neither
 * updated nor deleted, and a range that networks use ids of cannot go.
 */
export const networkSegmentRanges: TableResource<NetworkSegmentRangeRow> = {
  table: 'network_segment_ranges',
  member: 'network_segment_range',
  collection: 'network_segment_ranges',
  // Admins only, as the API's rules; project_id is the descriptor's: null for shared ranges.
  visibility: 'admin',
  owned: false,
  standardAttributes: true,
  sqlFilters: ['network_type'],
  notFound: (id) => new NetworkSegmentRangeNotFound({ range_id: id }),
  toDict: (row) => ({
    name: row.name,
    default: Boolean(row.default),
    shared: Boolean(row.shared),
    project_id: row.project_id,
    network_type: row.network_type,
    physical_network: row.physical_network,
    minimum: Number(row.minimum),
    maximum: Number(row.maximum),
  }),
  newRow: (body, context) => {
    const shared = givenBoolean(body, 'shared') ?? true;
    return {
      name: givenString(body, 'name') ?? '',
      default: false,
      shared,
      project_id: shared ? null : owningProject(body, context.projectId),
      network_type: givenString(body, 'network_type'),
      physical_network: givenString(body, 'physical_network') ?? null,
      minimum: givenInteger(body, 'minimum') ?? undefined,
      maximum: givenInteger(body, 'maximum') ?? undefined,
    };
  },
  changes: (body) => {
    const name = givenString(body, 'name');
    const minimum = givenInteger(body, 'minimum');
    const maximum = givenInteger(body, 'maximum');
    return {
      ...(name === undefined ? {} : { name }),
      ...(minimum === undefined || minimum === null ? {} : { minimum }),
      ...(maximum === undefined || maximum === null ? {} : { maximum }),
    };
  },
  release: async (session: Session, row: NetworkSegmentRangeRow) => {
    if (Boolean(row.default)) throw new NetworkSegmentRangeDefaultReadOnly({ range_id: row.id });
    await checkUnreferenced(rangesView(session.db), rangeOf(row), row.id);
  },
};
