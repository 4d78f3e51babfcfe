import type { ConfigReader, Context, Logger } from '@net-server/lib';
import type { Ml2Db } from '../db/schema.js';
import type { SegmentSpec } from './segment.js';

/** What a type driver's constructor receives. */
export interface TypeDriverInit {
  config: ConfigReader;
  logger: Logger;
}

/** Narrows tenant allocation, as neutron's `filters` (e.g. the requesting project). */
export interface AllocationFilters {
  projectId?: string;
}

/**
 * A network type (neutron's ML2TypeDriver): validates provider segments,
 * reserves and allocates segmentation ids inside the caller's transaction,
 * and releases them. Registered in `net_server.ml2.type_drivers` as a class
 * constructed with a {@link TypeDriverInit}.
 */
export interface TypeDriver {
  /** The `provider:network_type` value this driver serves. */
  readonly networkType: string;
  /** Called once after construction, before any other method. */
  initialize?(): Promise<void>;
  /** Whether the segment still lacks parts the driver must choose. */
  isPartialSegment(segment: SegmentSpec): boolean;
  /** Throws InvalidInput when the segment cannot be a provider segment. */
  validateProviderSegment(segment: SegmentSpec): void;
  /** Reserves the segment (choosing missing parts); throws when it is taken. */
  reserveProviderSegment(db: Ml2Db, segment: SegmentSpec, context: Context, filters?: AllocationFilters): Promise<SegmentSpec>;
  /** A free tenant segment, or undefined when this type has none to give. */
  allocateTenantSegment(db: Ml2Db, context: Context, filters?: AllocationFilters): Promise<SegmentSpec | undefined>;
  releaseSegment(db: Ml2Db, segment: SegmentSpec): Promise<void>;
  /** The MTU of a segment of this type; 0 when unknown. */
  getMtu(physicalNetwork: string | null): number;
}
