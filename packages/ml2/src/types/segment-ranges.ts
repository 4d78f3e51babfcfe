import type { Ml2Db } from '../db/schema.js';
import type { IdRange } from './ranges.js';
import type { AllocationPool } from './segment-allocations.js';

/**
 * A range of segmentation ids that tenant networks of one type get theirs
 * from (neutron's NetworkSegmentRange as its type drivers read it): shared
 * with every project, or one project's own. `physicalNetwork` is null for
 * tunnel types.
 */
export interface SegmentRange extends IdRange {
  physicalNetwork: string | null;
  shared: boolean;
  projectId: string | null;
}

/**
 * Where the VLAN and tunnel type drivers take their tenant ranges from
 * instead of their configuration: the network_segment_range service
 * plugin's table, read in the allocating transaction.
 */
export interface SegmentRangeSource {
  ranges(db: Ml2Db, networkType: string): Promise<readonly SegmentRange[]>;
}

/** A configured range, which the network_segment_range plugin stores as a default range. */
export interface ConfiguredRange extends IdRange {
  physicalNetwork: string | null;
}

/**
 * What a type driver that allocates from ranges offers the
 * network_segment_range plugin (neutron's
 * initialize_network_segment_range_support): its configured ranges, and
 * taking its tenant ranges from a source from then on.
 */
export interface RangedTypeDriver {
  configuredRanges(): readonly ConfiguredRange[];
  useSegmentRanges(source: SegmentRangeSource): void;
}

/** Whether a type driver allocates from ranges the network_segment_range plugin may manage. */
export function isRangedTypeDriver(driver: object): driver is RangedTypeDriver {
  const candidate = driver as Partial<RangedTypeDriver>;
  return typeof candidate.configuredRanges === 'function' && typeof candidate.useSegmentRanges === 'function';
}

/** The ids of `from` that none of `minus` holds, as ranges. */
function subtract(from: readonly IdRange[], minus: readonly IdRange[]): IdRange[] {
  let left = from.map((range) => ({ ...range }));
  for (const cut of minus) {
    left = left.flatMap((range) => {
      if (cut.max < range.min || cut.min > range.max) return [range];
      const pieces: IdRange[] = [];
      if (cut.min > range.min) pieces.push({ min: range.min, max: cut.min - 1 });
      if (cut.max < range.max) pieces.push({ min: cut.max + 1, max: range.max });
      return pieces;
    });
  }
  return left;
}

function pools(ranges: readonly IdRange[], physicalNetwork: string | null): AllocationPool[] {
  return ranges.map((range) => ({ physicalNetwork: physicalNetwork ?? '', min: range.min, max: range.max }));
}

/**
 * The pools a project's tenant segment comes from, in the order neutron's
 * allocate_partially_specified_segment tries them: the project's own
 * ranges first, then the shared ranges without the ids of other projects'
 * ranges. Without a project, only the shared ids no project holds.
 * `physicalNetwork` narrows VLAN ranges to one physical network.
 */
export function tenantPools(ranges: readonly SegmentRange[], projectId: string | undefined, physicalNetwork?: string): AllocationPool[][] {
  const onNetwork = ranges.filter((range) => physicalNetwork === undefined || range.physicalNetwork === physicalNetwork);
  const own = onNetwork.filter((range) => projectId !== undefined && range.projectId === projectId);
  const networks = [...new Set(onNetwork.map((range) => range.physicalNetwork))];
  const shared = networks.flatMap((network) => {
    const here = onNetwork.filter((range) => range.physicalNetwork === network);
    const others = here.filter((range) => range.projectId !== null && range.projectId !== projectId);
    return pools(
      subtract(
        here.filter((range) => range.shared),
        others,
      ),
      network,
    );
  });
  return [own.flatMap((range) => pools([range], range.physicalNetwork)), shared];
}
