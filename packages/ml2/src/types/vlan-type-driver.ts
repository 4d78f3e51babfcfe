import { NoNetworkAvailable, VlanIdInUse, constants } from '@net-server/lib';
import { vlanOptions } from '../config/options.js';
import type { Ml2Db } from '../db/schema.js';
import { invalid, rejectExtraKeys } from './invalid-segment.js';
import { MtuSettings } from './mtu.js';
import { parseVlanRanges, type VlanRanges } from './ranges.js';
import type { SegmentSpec } from './segment.js';
import { SegmentAllocations, type AllocationPool } from './segment-allocations.js';
import { tenantPools, type ConfiguredRange, type RangedTypeDriver, type SegmentRangeSource } from './segment-ranges.js';
import type { AllocationFilters, TypeDriver, TypeDriverInit } from './type-driver.js';

const VLAN_BOUNDS = { min: constants.MIN_VLAN_TAG, max: constants.MAX_VLAN_TAG };

/**
 * VLAN networks on the physical networks of [ml2_type_vlan]
 * network_vlan_ranges; tenant networks get tags from the listed ranges,
 * provider networks may use any valid tag on a listed physical network.
 * With the network_segment_range plugin, tenant tags come from its ranges
 * instead (a project's own first), which start as the configured ones.
 */
export class VlanTypeDriver implements TypeDriver, RangedTypeDriver {
  readonly networkType = constants.TYPE_VLAN;
  readonly ranges: VlanRanges;
  readonly #mtu: MtuSettings;
  readonly #allocations = new SegmentAllocations(constants.TYPE_VLAN);
  #rangeSource: SegmentRangeSource | undefined;

  constructor({ config }: TypeDriverInit) {
    this.ranges = parseVlanRanges(config.get('ml2_type_vlan', vlanOptions.networkVlanRanges), VLAN_BOUNDS, 'ml2_type_vlan', 'network_vlan_ranges');
    this.#mtu = new MtuSettings(config);
  }

  isPartialSegment(segment: SegmentSpec): boolean {
    return segment.segmentation_id === null || segment.segmentation_id === undefined;
  }

  validateProviderSegment(segment: SegmentSpec): void {
    const physnet = segment.physical_network;
    const tag = segment.segmentation_id;
    if (physnet) {
      if (!this.ranges.has(physnet)) throw invalid(`physical_network '${physnet}' unknown for VLAN provider network`);
      if (tag !== null && tag !== undefined && !(Number.isInteger(tag) && tag >= VLAN_BOUNDS.min && tag <= VLAN_BOUNDS.max)) {
        throw invalid(`segmentation_id out of range (${VLAN_BOUNDS.min} through ${VLAN_BOUNDS.max})`);
      }
    } else if (tag !== null && tag !== undefined) {
      throw invalid('segmentation_id requires physical_network for VLAN provider network');
    }
    rejectExtraKeys(segment, ['network_type', 'physical_network', 'segmentation_id'], 'VLAN provider network');
  }

  configuredRanges(): ConfiguredRange[] {
    return [...this.ranges].flatMap(([physicalNetwork, ranges]) => ranges.map((range) => ({ physicalNetwork, ...range })));
  }

  useSegmentRanges(source: SegmentRangeSource): void {
    this.#rangeSource = source;
  }

  async reserveProviderSegment(db: Ml2Db, segment: SegmentSpec, _context?: unknown, filters?: AllocationFilters): Promise<SegmentSpec> {
    const physnet = segment.physical_network;
    const tag = segment.segmentation_id;
    if (physnet && tag !== null && tag !== undefined) {
      if (!(await this.#allocations.reserve(db, physnet, tag))) throw new VlanIdInUse({ vlan_id: tag, physical_network: physnet });
      return { network_type: this.networkType, physical_network: physnet, segmentation_id: tag };
    }
    const allocated = await this.allocate(db, physnet || undefined, filters?.projectId);
    if (!allocated) throw new NoNetworkAvailable({});
    return allocated;
  }

  async allocateTenantSegment(db: Ml2Db, _context?: unknown, filters?: AllocationFilters): Promise<SegmentSpec | undefined> {
    return this.allocate(db, undefined, filters?.projectId);
  }

  async releaseSegment(db: Ml2Db, segment: SegmentSpec): Promise<void> {
    if (segment.physical_network && segment.segmentation_id !== null) {
      await this.#allocations.release(db, segment.physical_network, segment.segmentation_id);
    }
  }

  getMtu(physicalNetwork: string | null): number {
    return this.#mtu.physical(physicalNetwork);
  }

  private async allocate(db: Ml2Db, physnet: string | undefined, projectId: string | undefined): Promise<SegmentSpec | undefined> {
    const allocation = await this.#allocations.allocateInOrder(db, await this.poolGroups(db, physnet, projectId));
    return allocation && { network_type: this.networkType, physical_network: allocation.physicalNetwork, segmentation_id: allocation.segmentationId };
  }

  private async poolGroups(db: Ml2Db, physnet: string | undefined, projectId: string | undefined): Promise<AllocationPool[][]> {
    if (this.#rangeSource) return tenantPools(await this.#rangeSource.ranges(db, this.networkType), projectId, physnet);
    const pools: AllocationPool[] = [];
    for (const [name, ranges] of this.ranges) {
      if (physnet === undefined || name === physnet) pools.push(...ranges.map((range) => ({ physicalNetwork: name, ...range })));
    }
    return [pools];
  }
}
