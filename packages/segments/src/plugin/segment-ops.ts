import { SegmentInUse, SegmentNotFound, type NetworkSegmentQuery, type NetworkSegmentRecord, type ResourceDict } from '@net-server/lib';
import {
  given,
  givenInteger,
  givenString,
  newStandardColumns,
  resourceTags,
  revisionBump,
  standardAttributes,
  type RequestBody,
  type ResourceOps,
  type Session,
} from 'net-server';
import { segmentsView, type SegmentAttributesTable } from '../db/schema.js';
import type { SegmentsCorePlugin } from './core-access.js';

/**
 * A segment as the core plugin stores it, with the attributes this package
 * keeps beside it; `stored` is false for a segment the core plugin made
 * itself (a network's provider segment) until its first change.
 */
export interface SegmentRow extends NetworkSegmentRecord {
  readonly attributes: SegmentAttributesTable;
  readonly stored: boolean;
}

/** The filters the core plugin's segments narrow by. */
const SEGMENT_QUERY: Readonly<Record<string, keyof NetworkSegmentQuery>> = {
  id: 'ids',
  network_id: 'networkIds',
  network_type: 'networkTypes',
  physical_network: 'physicalNetworks',
};

/**
 * The `segments` collection's rows (neutron's SegmentDbMixin): the core
 * plugin validates, reserves, stores and releases the segment itself (its
 * type drivers choose the segmentation id); this package keeps the name
 * and standard attributes beside it and refuses to delete a segment that
 * subnets use. Lists keep the core plugin's order, by network and segment
 * index.
 */
export function segmentOps(core: SegmentsCorePlugin): ResourceOps<SegmentRow> {
  return {
    member: 'segment',
    narrowBy: Object.keys(SEGMENT_QUERY),
    ordered: true,
    notFound: (id) => new SegmentNotFound({ segment_id: id }),

    async loadRows(session, filter) {
      if (filter?.values.length === 0) return [];
      const query = filter ? { [SEGMENT_QUERY[filter.column]!]: filter.values } : {};
      return withAttributes(session, await core.networkSegments.list(session.context, query));
    },

    async makeDicts(session, rows) {
      const tags = await resourceTags.load(
        session.db,
        rows.map((row) => row.id),
      );
      return rows.map((row) => toDict(row, tags.get(row.id) ?? []));
    },

    async insert(session, body) {
      const networkId = String(body['network_id']);
      // NetworkNotFound for a network the caller cannot see, as for one that does not exist.
      await core.getNetwork(session.context, networkId);
      const segment = await core.networkSegments.create(session.context, {
        network_id: networkId,
        network_type: String(body['network_type']),
        physical_network: givenString(body, 'physical_network') ?? null,
        segmentation_id: givenInteger(body, 'segmentation_id') ?? null,
      });
      await segmentsView(session.db)
        .insertInto('segment_attributes')
        .values({
          segment_id: segment.id,
          network_id: networkId,
          name: givenString(body, 'name') ?? null,
          ...newStandardColumns(givenString(body, 'description') ?? ''),
        })
        .execute();
      return segment.id;
    },

    async update(session, row, body) {
      const changes = attributeChanges(body, row.attributes);
      if (Object.keys(changes).length > 0) await revise(session, row, changes);
    },

    release: (session, row) => refuseInUse(session, row.id),

    async remove(session, row) {
      await core.networkSegments.delete(session.context, row.id);
      await segmentsView(session.db).deleteFrom('segment_attributes').where('segment_id', '=', row.id).execute();
      await resourceTags.remove(session.db, row.id);
    },
  };
}

/**
 * The segment's next revision with `changes` (none: something else it shows
 * changed, as its tags), making the attributes row of a segment the core
 * plugin made itself.
 */
export async function revise(session: Session, row: SegmentRow, changes: Partial<SegmentAttributesTable>): Promise<void> {
  const db = segmentsView(session.db);
  const revised = { ...row.attributes, ...changes, ...revisionBump(row.attributes) };
  if (row.stored) await db.updateTable('segment_attributes').set(revised).where('segment_id', '=', row.id).execute();
  else await db.insertInto('segment_attributes').values(revised).execute();
}

/** neutron's SegmentInUse for a segment that subnets are on. */
async function refuseInUse(session: Session, id: string): Promise<void> {
  const subnets = await segmentsView(session.db).selectFrom('subnet_segments').select('subnet_id').where('segment_id', '=', id).orderBy('subnet_id').execute();
  if (subnets.length > 0) {
    throw new SegmentInUse({
      segment_id: id,
      reason: `The segment is still associated with subnet(s) ${subnets.map((subnet) => subnet.subnet_id).join(', ')}`,
    });
  }
}

/** The name (null clears it) and description an update body changes. */
function attributeChanges(body: RequestBody, stored: SegmentAttributesTable): Partial<SegmentAttributesTable> {
  const name = given(body, 'name');
  const description = givenString(body, 'description');
  const wanted: Partial<SegmentAttributesTable> = {
    ...(name === undefined ? {} : { name: name === null ? null : String(name) }),
    ...(description === undefined ? {} : { description }),
  };
  return Object.fromEntries(Object.entries(wanted).filter(([key, value]) => stored[key as keyof SegmentAttributesTable] !== value));
}

function toDict(row: SegmentRow, tags: readonly string[]): ResourceDict {
  return {
    id: row.id,
    network_id: row.network_id,
    name: row.attributes.name,
    // Before the type, where neutron's dict has it (the standard attributes below keep its place).
    description: row.attributes.description,
    physical_network: row.physical_network,
    network_type: row.network_type,
    segmentation_id: row.segmentation_id,
    ...standardAttributes(row.attributes, tags),
  };
}

/** Each segment with its attributes: its row, or those of a segment the core plugin made itself, created with its network. */
async function withAttributes(session: Session, segments: readonly NetworkSegmentRecord[]): Promise<SegmentRow[]> {
  if (segments.length === 0) return [];
  const db = segmentsView(session.db);
  const rows = await db
    .selectFrom('segment_attributes')
    .selectAll()
    .where(
      'segment_id',
      'in',
      segments.map((segment) => segment.id),
    )
    .execute();
  const stored = new Map(rows.map((row) => [row.segment_id, row]));
  const rowless = [...new Set(segments.filter((segment) => !stored.has(segment.id)).map((segment) => segment.network_id))];
  const networks = rowless.length === 0 ? [] : await db.selectFrom('networks').select(['id', 'created_at']).where('id', 'in', rowless).execute();
  const createdAt = new Map(networks.map((network) => [String(network.id), String(network.created_at)]));
  return segments.map((segment) => {
    const row = stored.get(segment.id);
    if (row) return { ...segment, attributes: row, stored: true };
    // A segment's network exists as long as the segment does.
    const created = createdAt.get(segment.network_id)!;
    const attributes = {
      segment_id: segment.id,
      network_id: segment.network_id,
      name: null,
      description: '',
      revision_number: 0,
      created_at: created,
      updated_at: created,
    };
    return { ...segment, attributes, stored: false };
  });
}
