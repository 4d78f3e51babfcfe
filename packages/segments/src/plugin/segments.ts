import {
  timestampNow,
  isAttrSpecified,
  matchesFilters,
  SegmentInUse,
  SegmentNotFound,
  type Context,
  type ListOptions,
  type NetworkSegmentQuery,
  type NetworkSegmentRecord,
  type ResourceDict,
  type ResourceRequest,
} from '@net-server/lib';
import { resourceTags, type Session } from 'net-server';
import { segmentsView, type SegmentAttributesTable } from '../db/schema.js';
import type { SegmentsCorePlugin } from './core-access.js';

function given(value: unknown): boolean {
  return value !== undefined && value !== null && isAttrSpecified(value);
}

function toDict(segment: NetworkSegmentRecord, attributes: SegmentAttributesTable, tags: readonly string[]): ResourceDict {
  return {
    id: segment.id,
    network_id: segment.network_id,
    name: attributes.name,
    description: attributes.description,
    physical_network: segment.physical_network,
    network_type: segment.network_type,
    segmentation_id: segment.segmentation_id,
    // standard-attr-segment.
    tags: [...tags],
    created_at: attributes.created_at,
    updated_at: attributes.updated_at,
    revision_number: Number(attributes.revision_number),
  };
}

/** Filters the list narrows in SQL on the core plugin's segments. */
const SEGMENT_FILTERS: Readonly<Record<string, keyof NetworkSegmentQuery>> = {
  id: 'ids',
  network_id: 'networkIds',
  network_type: 'networkTypes',
  physical_network: 'physicalNetworks',
};

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
      return toDict(segment, attributes, []);
    });
  }

  updateSegment(context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    const changes: Partial<Pick<SegmentAttributesTable, 'name' | 'description'>> = {};
    if (given(body['name']) || body['name'] === null) changes.name = body['name'] === null ? null : String(body['name']);
    if (given(body['description'])) changes.description = String(body['description']);
    return this.#core.transactions.write(context, async (session) => {
      const segment = await this.#segment(session, id);
      const stored = await this.#ensureAttributes(session, segment);
      const changed = Object.entries(changes).some(([key, value]) => stored[key as keyof typeof changes] !== value);
      const attributes = changed ? await this.#revise(session, stored, changes) : stored;
      return toDict(segment, attributes, (await resourceTags.load(session.db, [id])).get(id) ?? []);
    });
  }

  /** TagsCapable for `segments`: a segment whose tags changed has a new revision (neutron's tag revises_on_change). */
  tagsChanged(context: Context, id: string): Promise<boolean> {
    return this.#core.transactions.write(context, async (session) => {
      const [segment] = await this.#core.networkSegments.list(session.context, { ids: [id] });
      if (!segment) return false;
      await this.#revise(session, await this.#ensureAttributes(session, segment), {});
      return true;
    });
  }

  /**
   * A segment's attributes row, made for one the core plugin created
   * itself (a network's provider segments) on its first change: no name, no
   * description, revision 0, created when its network was.
   */
  async #ensureAttributes(session: Session, segment: NetworkSegmentRecord): Promise<SegmentAttributesTable> {
    const db = segmentsView(session.db);
    const row = await db.selectFrom('segment_attributes').selectAll().where('segment_id', '=', segment.id).executeTakeFirst();
    if (row) return row;
    const made = (await this.#attributes(session, [segment])).get(segment.id)!;
    await db.insertInto('segment_attributes').values(made).execute();
    return made;
  }

  async #revise(
    session: Session,
    stored: SegmentAttributesTable,
    changes: Partial<Pick<SegmentAttributesTable, 'name' | 'description'>>,
  ): Promise<SegmentAttributesTable> {
    const updated: SegmentAttributesTable = { ...stored, ...changes, revision_number: Number(stored.revision_number) + 1, updated_at: timestampNow() };
    await segmentsView(session.db).updateTable('segment_attributes').set(updated).where('segment_id', '=', stored.segment_id).execute();
    return updated;
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
      await resourceTags.remove(session.db, id);
    });
  }

  getSegment(context: Context, id: string): Promise<ResourceDict> {
    return this.#core.transactions.read(context, async (session) => {
      return (await this.#dicts(session, [await this.#segment(session, id)]))[0]!;
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
      return (await this.#dicts(session, segments)).filter((dict) => matchesFilters(dict, filters));
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

  async #dicts(session: Session, segments: readonly NetworkSegmentRecord[]): Promise<ResourceDict[]> {
    const attributes = await this.#attributes(session, segments);
    const tags = await resourceTags.load(
      session.db,
      segments.map((segment) => segment.id),
    );
    return segments.map((segment) => toDict(segment, attributes.get(segment.id)!, tags.get(segment.id) ?? []));
  }

  /** Each segment's attributes: its row, or those of a segment the core plugin made itself, created with its network. */
  async #attributes(session: Session, segments: readonly NetworkSegmentRecord[]): Promise<Map<string, SegmentAttributesTable>> {
    if (segments.length === 0) return new Map();
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
    return new Map(
      segments.map((segment) => {
        // A segment's network exists as long as the segment does.
        const created = createdAt.get(segment.network_id)!;
        const row = stored.get(segment.id) ?? {
          segment_id: segment.id,
          network_id: segment.network_id,
          name: null,
          description: '',
          revision_number: 0,
          created_at: created,
          updated_at: created,
        };
        return [segment.id, row];
      }),
    );
  }
}
