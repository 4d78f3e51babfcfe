import { NoNetworkAvailable, TunnelIdInUse, type ConfigReader, type Option } from '@net-server/lib';
import type { Ml2Db } from '../db/schema.js';
import { invalid, rejectExtraKeys } from './invalid-segment.js';
import { MtuSettings } from './mtu.js';
import { parseIdRanges, type IdRange } from './ranges.js';
import type { SegmentSpec } from './segment.js';
import { SegmentAllocations } from './segment-allocations.js';
import { tenantPools, type ConfiguredRange, type RangedTypeDriver, type SegmentRangeSource } from './segment-ranges.js';
import type { AllocationFilters, TypeDriver, TypeDriverInit } from './type-driver.js';

/** What distinguishes one tunnel type from another. */
export interface TunnelTypeSpec {
  networkType: string;
  /** The option group holding the ranges, e.g. ml2_type_vxlan. */
  group: string;
  /** The ranges option, e.g. vni_ranges. */
  rangesOption: Option<string[]>;
  bounds: IdRange;
  /** Encapsulation bytes on top of the outer IP header. */
  overhead(config: ConfigReader): number;
}

/**
 * The shared logic of VXLAN, Geneve and GRE (neutron's type_tunnel): ids
 * from one flat space, tenant ids from the configured ranges, provider ids
 * anywhere in the type's valid space. With the network_segment_range
 * plugin, tenant ids come from its ranges instead (a project's own first).
 */
export abstract class TunnelTypeDriver implements TypeDriver, RangedTypeDriver {
  readonly networkType: string;
  readonly ranges: readonly IdRange[];
  readonly #spec: TunnelTypeSpec;
  readonly #overhead: number;
  readonly #mtu: MtuSettings;
  readonly #allocations: SegmentAllocations;
  #rangeSource: SegmentRangeSource | undefined;

  protected constructor({ config }: TypeDriverInit, spec: TunnelTypeSpec) {
    this.networkType = spec.networkType;
    this.#spec = spec;
    this.#overhead = spec.overhead(config);
    this.ranges = parseIdRanges(config.get(spec.group, spec.rangesOption), spec.bounds, spec.group, spec.rangesOption.name);
    this.#mtu = new MtuSettings(config);
    this.#allocations = new SegmentAllocations(spec.networkType);
  }

  isPartialSegment(segment: SegmentSpec): boolean {
    return segment.segmentation_id === null || segment.segmentation_id === undefined;
  }

  validateProviderSegment(segment: SegmentSpec): void {
    if (segment.physical_network) throw invalid(`provider:physical_network specified for ${this.networkType} network`);
    const id = segment.segmentation_id;
    const { min, max } = this.#spec.bounds;
    if (id !== null && id !== undefined && !(Number.isInteger(id) && id >= min && id <= max)) {
      throw invalid(`segmentation_id out of range (${min} through ${max})`);
    }
    rejectExtraKeys(segment, ['network_type', 'segmentation_id'], `${this.networkType} provider network`);
  }

  configuredRanges(): ConfiguredRange[] {
    return this.ranges.map((range) => ({ physicalNetwork: null, ...range }));
  }

  useSegmentRanges(source: SegmentRangeSource): void {
    this.#rangeSource = source;
  }

  async reserveProviderSegment(db: Ml2Db, segment: SegmentSpec, context?: unknown, filters?: AllocationFilters): Promise<SegmentSpec> {
    const id = segment.segmentation_id;
    if (id === null || id === undefined) {
      const allocated = await this.allocateTenantSegment(db, context, filters);
      if (!allocated) throw new NoNetworkAvailable({});
      return allocated;
    }
    if (!(await this.#allocations.reserve(db, '', id))) throw new TunnelIdInUse({ tunnel_id: id });
    return { network_type: this.networkType, physical_network: null, segmentation_id: id };
  }

  async allocateTenantSegment(db: Ml2Db, _context?: unknown, filters?: AllocationFilters): Promise<SegmentSpec | undefined> {
    const groups = this.#rangeSource
      ? tenantPools(await this.#rangeSource.ranges(db, this.networkType), filters?.projectId)
      : [this.ranges.map((range) => ({ physicalNetwork: '', ...range }))];
    const allocation = await this.#allocations.allocateInOrder(db, groups);
    return allocation && { network_type: this.networkType, physical_network: null, segmentation_id: allocation.segmentationId };
  }

  async releaseSegment(db: Ml2Db, segment: SegmentSpec): Promise<void> {
    if (segment.segmentation_id !== null) await this.#allocations.release(db, '', segment.segmentation_id);
  }

  getMtu(): number {
    return this.#mtu.tunnel(this.#overhead);
  }
}
