import { NoNetworkFoundInMaximumAllowedAttempts } from '@net-server/lib';
import { dialectOf, insertSkippingDuplicates, sql } from 'net-server';
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
// Ids passed over because another transaction was reserving them, before
// an allocation waits for one of them instead (a whole range in flight).
const MAX_PASSED_OVER = 4096;

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

  /**
   * Claims a free id from the pools, or returns undefined when they are full.
   *
   * Another transaction's reservation is invisible until it commits, and an
   * INSERT of the same key waits for that commit: concurrent bulk creates,
   * each reserving its networks' ids in one transaction, would queue behind
   * one another. On PostgreSQL a reservation first takes a transaction-scoped
   * advisory lock on its id without waiting, and ids whose lock another
   * transaction holds are passed over for the next free ones.
   */
  async allocate(db: Ml2Db, pools: readonly AllocationPool[]): Promise<Allocation | undefined> {
    const passedOver = new Set<string>();
    let tryLocks = dialectOf(db) === 'postgres';
    for (let attempt = 0; attempt < MAX_ATTEMPTS; ) {
      const candidates = await this.freeIds(db, pools, tryLocks ? passedOver : undefined);
      if (candidates.length === 0 && tryLocks && passedOver.size > 0) {
        // Every free id is being reserved elsewhere: wait for those transactions, as without locks.
        tryLocks = false;
        continue;
      }
      if (candidates.length === 0) return undefined;
      shuffle(candidates);
      const choice = tryLocks ? await this.#lockOne(db, candidates) : candidates[0]!;
      if (!choice) {
        for (const candidate of candidates) passedOver.add(allocationKey(candidate));
        if (passedOver.size >= MAX_PASSED_OVER) tryLocks = false;
        continue;
      }
      if (await this.reserve(db, choice.physicalNetwork, choice.segmentationId)) return choice;
      attempt += 1;
    }
    // Every attempt lost a race: as neutron, give up rather than loop forever.
    throw new NoNetworkFoundInMaximumAllowedAttempts({});
  }

  /**
   * The first of `candidates` whose advisory lock this transaction gets
   * without waiting, held until it ends; undefined when other transactions
   * hold them all. One query, whose scan stops at the first lock it takes,
   * so that no other candidate stays locked.
   */
  async #lockOne(db: Ml2Db, candidates: readonly Allocation[]): Promise<Allocation | undefined> {
    const at = candidates.map((_, index) => index);
    const spaces = candidates.map((candidate) => lockSpace(this.networkType, candidate.physicalNetwork));
    const ids = candidates.map((candidate) => candidate.segmentationId | 0);
    const { rows } = await sql<{ at: number }>`select c.at from unnest(${at}::int4[], ${spaces}::int4[], ${ids}::int4[]) as c(at, space, id)
      where pg_try_advisory_xact_lock(c.space, c.id) limit 1`.execute(db);
    return rows[0] === undefined ? undefined : candidates[Number(rows[0].at)];
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

  /** The first free ids of the pools, in pool order, but for those in `skip` (allocationKey). */
  private async freeIds(db: Ml2Db, pools: readonly AllocationPool[], skip?: ReadonlySet<string>): Promise<Allocation[]> {
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
        for (; next < id && free.length < CANDIDATES; next += 1) {
          const candidate = { physicalNetwork: pool.physicalNetwork, segmentationId: next };
          if (!skip?.has(allocationKey(candidate))) free.push(candidate);
        }
        if (free.length >= CANDIDATES) return free;
        next = id + 1;
      }
    }
    return free;
  }
}

function allocationKey(allocation: Allocation): string {
  return `${allocation.physicalNetwork}\0${allocation.segmentationId}`;
}

/**
 * The first key of the advisory locks on one type's ids on one physical
 * network (the second is the id, wrapped to 32 bits): a 31-bit FNV-1a hash.
 * Two-key locks live apart from the one-key ones lockGlobally takes, and a
 * clash between two spaces only makes an allocator pass over a free id.
 */
function lockSpace(networkType: string, physicalNetwork: string): number {
  let hash = 0x811c9dc5;
  for (const char of `ml2_segment_allocations\0${networkType}\0${physicalNetwork}`) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193);
  return hash & 0x7fffffff;
}

function shuffle<T>(items: T[]): void {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
