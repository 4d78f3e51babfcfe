import { InUse, NotFound } from '../errors/exceptions.js';
import { defineNeutronException } from '../errors/neutron-exception.js';
import type { Context } from './context.js';

/**
 * One L2 segment of a network as its core plugin stores it (neutron's
 * networksegments row): the type, physical network and segmentation id a
 * type driver reserved for it.
 */
export interface NetworkSegmentRecord {
  readonly id: string;
  readonly network_id: string;
  readonly network_type: string;
  readonly physical_network: string | null;
  readonly segmentation_id: number | null;
  /** Allocated by port binding (hierarchical binding), not asked for. */
  readonly is_dynamic: boolean;
  readonly segment_index: number;
}

/** A segment asked for: the type is required, the driver chooses what is left out. */
export interface NetworkSegmentRequest {
  readonly network_id: string;
  readonly network_type: string;
  readonly physical_network: string | null;
  readonly segmentation_id: number | null;
}

/** Which segments to list; every given key narrows, values are alternatives. */
export interface NetworkSegmentQuery {
  readonly ids?: readonly string[];
  readonly networkIds?: readonly string[];
  readonly networkTypes?: readonly string[];
  readonly physicalNetworks?: readonly string[];
}

/**
 * The segments of a core plugin that owns them (ML2 and its type drivers),
 * as the `segments` service plugin manages them (neutron's ML2 answering
 * the SEGMENT precommit events). When the core plugin runs a transaction in
 * the same call chain, these methods join it, so a caller's own rows commit
 * or roll back with the segment.
 */
export interface NetworkSegments {
  /**
   * Validates the segment with the type driver of its type, reserves it
   * (allocating a segmentation id when none is given) and stores it after
   * the network's others. Throws NetworkNotFound for an unknown network,
   * InvalidInput for what the type driver refuses, and the driver's error
   * when the id is taken or none is free.
   */
  create(context: Context, request: NetworkSegmentRequest): Promise<NetworkSegmentRecord>;
  /** Releases the segment's id and forgets it; SegmentNotFound when unknown, SegmentInUse while ports are bound to it. */
  delete(context: Context, segmentId: string): Promise<void>;
  /** Segments, dynamic ones included, ordered by network and segment index. */
  list(context: Context, query?: NetworkSegmentQuery): Promise<NetworkSegmentRecord[]>;
}

/** A core plugin that owns network segments and lets service plugins manage them. */
export interface SegmentsCapable {
  readonly networkSegments: NetworkSegments;
}

/** The plugin's segments, when it offers them; checked by shape, the plugin may come from another copy of this package. */
export function networkSegmentsOf(plugin: object): NetworkSegments | undefined {
  const segments = (plugin as Partial<SegmentsCapable>).networkSegments;
  return typeof segments?.create === 'function' && typeof segments.delete === 'function' && typeof segments.list === 'function' ? segments : undefined;
}

/** neutron.services.segments.exceptions.SegmentNotFound. */
export const SegmentNotFound = defineNeutronException<{ segment_id: unknown }>(NotFound, 'SegmentNotFound', 'Segment %(segment_id)s could not be found.');

/** neutron.services.segments.exceptions.SegmentInUse. */
export const SegmentInUse = defineNeutronException<{ segment_id: unknown; reason: unknown }>(
  InUse,
  'SegmentInUse',
  "Segment '%(segment_id)s' cannot be deleted: %(reason)s.",
);
