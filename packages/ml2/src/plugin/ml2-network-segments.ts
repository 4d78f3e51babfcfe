import {
  InvalidInput,
  NetworkNotFound,
  SegmentInUse,
  SegmentNotFound,
  type Context,
  type NetworkSegmentQuery,
  type NetworkSegmentRecord,
  type NetworkSegmentRequest,
  type NetworkSegments,
  type ResourceDict,
} from '@net-server/lib';
import type { Session, TransactionRunner } from 'net-server';
import { ml2View } from '../db/ml2-view.js';
import { networkSegments } from '../db/network-segments.js';
import type { MechanismManager } from '../mech/mechanism-manager.js';
import { NetworkContext } from '../mech/network-context.js';
import type { TypeManager } from '../types/type-manager.js';

/** The network dict as the API shows it, segments included (the core plugin's getNetwork). */
export type NetworkLoader = (context: Context, networkId: string) => Promise<ResourceDict>;

/**
 * ML2's segments as the `segments` service plugin manages them (neutron's
 * Ml2Plugin._handle_segment_change on SEGMENT events): the type driver of
 * the segment's type validates and reserves it, in the caller's transaction
 * when there is one, and the mechanism drivers see the network change
 * (update_network_precommit, then postcommit once committed).
 */
export class Ml2NetworkSegments implements NetworkSegments {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly types: TypeManager,
    private readonly mechanisms: MechanismManager,
    private readonly loadNetwork: NetworkLoader,
  ) {}

  async create(context: Context, request: NetworkSegmentRequest): Promise<NetworkSegmentRecord> {
    const spec = { network_type: request.network_type, physical_network: request.physical_network, segmentation_id: request.segmentation_id };
    // Before touching the database: an unsupported type or a bad id is the request's fault whatever the network.
    this.types.validateProviderSegment(spec);
    return this.transactions.write(context, async (session) => {
      const network = await session.db.selectFrom('networks').select(['id', 'mtu']).where('id', '=', request.network_id).executeTakeFirst();
      if (!network) throw new NetworkNotFound({ net_id: request.network_id });
      const original = await this.loadNetwork(session.context.elevated(), network.id);
      const db = ml2View(session.db);
      const existing = await networkSegments.forNetwork(db, network.id, true);
      const reserved = await this.types.drivers.get(spec.network_type)!.reserveProviderSegment(db, spec, session.context);
      const index = existing.reduce((last, segment) => Math.max(last, segment.segment_index + 1), 0);
      const segment = await networkSegments.add(db, network.id, reserved, index);
      // As neutron: the network keeps its MTU, which the new segment must carry.
      const maxMtu = this.types.getNetworkMtu([...existing.filter((known) => !known.is_dynamic), segment]);
      if (network.mtu > maxMtu) throw new InvalidInput({ error_message: `Requested MTU is too big, maximum is ${maxMtu}` });
      await this.#notify(session, network.id, original);
      return segment;
    });
  }

  delete(context: Context, segmentId: string): Promise<void> {
    return this.transactions.write(context, async (session) => {
      const db = ml2View(session.db);
      const segment = await networkSegments.get(db, segmentId);
      if (!segment) throw new SegmentNotFound({ segment_id: segmentId });
      const original = await this.loadNetwork(session.context.elevated(), segment.network_id);
      const bound = await db
        .selectFrom('ml2_port_binding_levels')
        .select('port_id')
        .distinct()
        .where('segment_id', '=', segmentId)
        .orderBy('port_id')
        .execute();
      if (bound.length > 0) {
        throw new SegmentInUse({ segment_id: segmentId, reason: `The segment is still bound with port(s) ${bound.map((row) => row.port_id).join(', ')}` });
      }
      await this.types.drivers.get(segment.network_type)?.releaseSegment(db, segment);
      await networkSegments.delete(db, segmentId);
      await this.#notify(session, segment.network_id, original);
    });
  }

  /** The mechanism drivers' view of the network's new segments: precommit now, postcommit after the commit. */
  async #notify(session: Session, networkId: string, original: ResourceDict): Promise<void> {
    const current = await this.loadNetwork(session.context.elevated(), networkId);
    const segments = await networkSegments.forNetwork(ml2View(session.db), networkId);
    await this.mechanisms.call('updateNetworkPrecommit', new NetworkContext(session.context, current, segments, original));
    // As neutron: after the commit the drivers see the network as it now is, unchanged against itself.
    session.afterCommit(() => this.mechanisms.call('updateNetworkPostcommit', new NetworkContext(session.context, current, segments, current)));
  }

  list(context: Context, query: NetworkSegmentQuery = {}): Promise<NetworkSegmentRecord[]> {
    return this.transactions.read(context, (session) => networkSegments.find(ml2View(session.db), query));
  }
}
