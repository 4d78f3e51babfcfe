import {
  timestampNow,
  isAttrSpecified,
  SegmentInUse,
  SegmentNotFound,
  type Context,
  type ListOptions,
  type NetworkSegmentQuery,
  type NetworkSegmentRecord,
  type ResourceDict,
  type ResourceRequest,
} from '@net-server/lib';
import type { Session } from 'net-server';
import { segmentsView, type SegmentAttributesTable } from '../db/schema.js';
import type { SegmentsCorePlugin } from './core-access.js';

function given(value: unknown): boolean {
  return value !== undefined && value !== null && isAttrSpecified(value);
}

function toDict(segment: NetworkSegmentRecord, attributes: SegmentAttributesTable | undefined): ResourceDict {
  return {
    id: segment.id,
    network_id: segment.network_id,
    name: attributes?.name ?? null,
    description: attributes?.description ?? '',
    physical_network: segment.physical_network,
    network_type: segment.network_type,
    segmentation_id: segment.segmentation_id,
  };
}

/** Filters the list narrows in SQL on the core plugin's segments. */
const SEGMENT_FILTERS: Readonly<Record<string, keyof NetworkSegmentQuery>> = {
  id: 'ids',
  network_id: 'networkIds',
  network_type: 'networkTypes',
  physical_network: 'physicalNetworks',
};
/** Filters on this package's attributes of a segment. */
const ATTRIBUTE_FILTERS = ['name', 'description'] as const;

/**
 * The `segments` collection (neutron's SegmentDbMixin): the core plugin
 * validates, reserves, stores and releases the segment itself (its type
 * drivers choose the segmentation id); this package keeps the name and
 * standard attributes beside it and refuses to delete a segment that
 * subnets use. Each operation is one transaction of the core plugin's.
 */
export class Segments {
  readonly #core: SegmentsCorePlugin;

  constructor(core: SegmentsCorePlugin) {
    this.#core = core;
  }

  createSegment(context: Context, body: ResourceRequest): Promise<ResourceDict> {
    const networkId = String(body['network_id']);
    return this.#core.transactions.write(context, async (session) => {
      // NetworkNotFound for a network the caller cannot see, as for one that does not exist.
      await this.#core.getNetwork(session.context, networkId);
      const segment = await this.#core.networkSegments.create(session.context, {
        network_id: networkId,
        network_type: String(body['network_type']),
        physical_network: given(body['physical_network']) ? String(body['physical_network']) : null,
        segmentation_id: given(body['segmentation_id']) ? Number(body['segmentation_id']) : null,
      });
      const now = timestampNow();
      const attributes: SegmentAttributesTable = {
        segment_id: segment.id,
        network_id: networkId,
        name: given(body['name']) ? String(body['name']) : null,
        description: given(body['description']) ? String(body['description']) : '',
        revision_number: 0,
        created_at: now,
        updated_at: now,
      };
      await segmentsView(session.db).insertInto('segment_attributes').values(attributes).execute();
      return toDict(segment, attributes);
    });
  }

  updateSegment(context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    const changes: Partial<Pick<SegmentAttributesTable, 'name' | 'description'>> = {};
    if (given(body['name']) || body['name'] === null) changes.name = body['name'] === null ? null : String(body['name']);
    if (given(body['description'])) changes.description = String(body['description']);
    return this.#core.transactions.write(context, async (session) => {
      const segment = await this.#segment(session, id);
      const db = segmentsView(session.db);
      const stored = (await this.#attributes(session, [id])).get(id);
      const now = timestampNow();
      if (!stored) {
        // A segment the core plugin made itself gets its row on its first update.
        const first: SegmentAttributesTable = { segment_id: id, network_id: segment.network_id, name: null, description: '', revision_number: 0, created_at: now, updated_at: now, ...changes };
        await db.insertInto('segment_attributes').values(first).execute();
        return toDict(segment, first);
      }
      if (!Object.entries(changes).some(([key, value]) => stored[key as keyof typeof changes] !== value)) return toDict(segment, stored);
      const updated: SegmentAttributesTable = { ...stored, ...changes, revision_number: Number(stored.revision_number) + 1, updated_at: now };
      await db.updateTable('segment_attributes').set(updated).where('segment_id', '=', id).execute();
      return toDict(segment, updated);
    });
  }

  deleteSegment(context: Context, id: string): Promise<void> {
    return this.#core.transactions.write(context, async (session) => {
      await this.#segment(session, id);
      const db = segmentsView(session.db);
      const subnets = await db.selectFrom('subnet_segments').select('subnet_id').where('segment_id', '=', id).orderBy('subnet_id').execute();
      if (subnets.length > 0) {
        throw new SegmentInUse({ segment_id: id, reason: `The segment is still associated with subnet(s) ${subnets.map((row) => row.subnet_id).join(', ')}` });
      }
      await this.#core.networkSegments.delete(session.context, id);
      await db.deleteFrom('segment_attributes').where('segment_id', '=', id).execute();
    });
  }

  getSegment(context: Context, id: string): Promise<ResourceDict> {
    return this.#core.transactions.read(context, async (session) => {
      const segment = await this.#segment(session, id);
      return toDict(segment, (await this.#attributes(session, [id])).get(id));
    });
  }

  getSegments(context: Context, options: ListOptions = {}): Promise<ResourceDict[]> {
    const filters = options.filters ?? {};
    const query: Record<string, readonly string[]> = {};
    for (const [filter, key] of Object.entries(SEGMENT_FILTERS)) {
      const wanted = filters[filter];
      if (wanted && wanted.length > 0) query[key] = wanted.map(String);
    }
    return this.#core.transactions.read(context, async (session) => {
      const segments = await this.#core.networkSegments.list(session.context, query);
      const attributes = await this.#attributes(session, segments.map((segment) => segment.id));
      const dicts = segments.map((segment) => toDict(segment, attributes.get(segment.id)));
      return dicts.filter((dict) =>
        ATTRIBUTE_FILTERS.every((filter) => {
          const wanted = filters[filter];
          return !wanted || wanted.length === 0 || wanted.some((value) => String(value) === String(dict[filter] ?? ''));
        }),
      );
    });
  }

  async getSegmentsCount(context: Context, filters?: ListOptions['filters']): Promise<number> {
    return (await this.getSegments(context, filters ? { filters } : {})).length;
  }

  async #segment(session: Session, id: string): Promise<NetworkSegmentRecord> {
    const [segment] = await this.#core.networkSegments.list(session.context, { ids: [id] });
    if (!segment) throw new SegmentNotFound({ segment_id: id });
    return segment;
  }

  async #attributes(session: Session, ids: readonly string[]): Promise<Map<string, SegmentAttributesTable>> {
    if (ids.length === 0) return new Map();
    const rows = await segmentsView(session.db).selectFrom('segment_attributes').selectAll().where('segment_id', 'in', [...ids]).execute();
    return new Map(rows.map((row) => [row.segment_id, row]));
  }
}
