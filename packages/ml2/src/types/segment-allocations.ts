import { NoNetworkFoundInMaximumAllowedAttempts } from '@net-server/lib';
import { insertSkippingDuplicates } from 'net-server';
import type { Ml2Db } from '../db/schema.js';
import type { IdRange } from './ranges.js';

/** One pool of ids: a range on a physical network ('' for tunnel types). */
export interface AllocationPool extends IdRange {
  physicalNetwork: string;
}

export interface Allocation {
  physicalNetwork: string;
  segmentationId: number;
}

// Free ids considered per attempt: choosing among several spreads
// concurrent allocators so that they rarely race for the same id.
const CANDIDATES = 16;
const MAX_ATTEMPTS = 10;

/**
 * The ids of one network type that are in use, one row each in
 * ml2_segment_allocations. The table's primary key is what makes an id
 * go to one network only, whichever process asks: a reservation is an
 * INSERT that skips a taken key (ON CONFLICT DO NOTHING, or its MySQL
 * equivalent) and tells whether it won.
 */
export class SegmentAllocations {
  constructor(readonly networkType: string) {}

  /** Claims one id; false when it is already in use. */
  async reserve(db: Ml2Db, physicalNetwork: string, segmentationId: number): Promise<boolean> {
    const inserted = await insertSkippingDuplicates(
      db,
      'ml2_segment_allocations',
      [{ network_type: this.networkType, physical_network: physicalNetwork, segmentation_id: segmentationId }],
      (conflict) => conflict.doNothing(),
    );
    return inserted === 1;
  }

  /** Claims a free id from the pools, or returns undefined when they are full. */
  async allocate(db: Ml2Db, pools: readonly AllocationPool[]): Promise<Allocation | undefined> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const candidates = await this.freeIds(db, pools);
      if (candidates.length === 0) return undefined;
      const choice = candidates[Math.floor(Math.random() * candidates.length)]!;
      if (await this.reserve(db, choice.physicalNetwork, choice.segmentationId)) return choice;
    }
    // Every attempt lost a race: as neutron, give up rather than loop forever.
    throw new NoNetworkFoundInMaximumAllowedAttempts({});
  }

  /**
   * Claims a free id from the first group of pools that has one (a
   * project's own ranges before the shared ones), or returns undefined
   * when every group is full.
   */
  async allocateInOrder(db: Ml2Db, groups: readonly (readonly AllocationPool[])[]): Promise<Allocation | undefined> {
    for (const pools of groups) {
      const allocation = await this.allocate(db, pools);
      if (allocation) return allocation;
    }
    return undefined;
  }

  async release(db: Ml2Db, physicalNetwork: string, segmentationId: number): Promise<void> {
    await db
      .deleteFrom('ml2_segment_allocations')
      .where('network_type', '=', this.networkType)
      .where('physical_network', '=', physicalNetwork)
      .where('segmentation_id', '=', segmentationId)
      .execute();
  }

  async isAllocated(db: Ml2Db, physicalNetwork: string, segmentationId: number): Promise<boolean> {
    const row = await db
      .selectFrom('ml2_segment_allocations')
      .select('segmentation_id')
      .where('network_type', '=', this.networkType)
      .where('physical_network', '=', physicalNetwork)
      .where('segmentation_id', '=', segmentationId)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** The first free ids of the pools, in pool order. */
  private async freeIds(db: Ml2Db, pools: readonly AllocationPool[]): Promise<Allocation[]> {
    const free: Allocation[] = [];
    for (const pool of pools) {
      const used = await db
        .selectFrom('ml2_segment_allocations')
        .select('segmentation_id')
        .where('network_type', '=', this.networkType)
        .where('physical_network', '=', pool.physicalNetwork)
        .where('segmentation_id', '>=', pool.min)
        .where('segmentation_id', '<=', pool.max)
        .orderBy('segmentation_id')
        .execute();
      // node-postgres returns bigint columns as strings.
      const taken = used.map((row) => Number(row.segmentation_id));
      let next = pool.min;
      for (const id of [...taken, pool.max + 1]) {
        for (; next < id && free.length < CANDIDATES; next += 1) free.push({ physicalNetwork: pool.physicalNetwork, segmentationId: next });
        if (free.length >= CANDIDATES) return free;
        next = id + 1;
      }
    }
    return free;
  }
}
