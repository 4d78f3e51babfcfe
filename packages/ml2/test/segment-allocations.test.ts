import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { Database } from 'net-server';
import { runInTransaction, type Ml2Db } from '@net-server/ml2';
import { createTestDatabase } from '../../net-server/test/postgres.js';
import { SegmentAllocations, type AllocationPool } from '../src/types/segment-allocations.js';
import { migratedDatabase } from './helpers.js';

/** A transaction that holds `count` reservations until `release` resolves, then commits, or rolls back when it rejects. */
function holding(
  database: Database,
  allocations: SegmentAllocations,
  pools: readonly AllocationPool[],
  count: number,
): { held: Promise<number[]>; release: () => void; rollBack: () => void; done: Promise<unknown> } {
  let release!: () => void;
  let rollBack!: () => void;
  const released = new Promise<void>((resolve, reject) => {
    release = resolve;
    rollBack = () => reject(new Error('rolled back by the test'));
  });
  let heldNow!: (ids: number[]) => void;
  const held = new Promise<number[]>((resolve) => (heldNow = resolve));
  const done = runInTransaction(database, async (db: Ml2Db) => {
    const ids: number[] = [];
    for (let i = 0; i < count; i++) ids.push((await allocations.allocate(db, pools))!.segmentationId);
    heldNow(ids);
    await released;
  }).catch((error: unknown) => error);
  return { held, release, rollBack, done };
}

describe('segment allocations on PostgreSQL', () => {
  const vxlan = new SegmentAllocations('vxlan');

  it('passes over the ids another open transaction is reserving instead of waiting for it', async () => {
    const { database } = await migratedDatabase(await createTestDatabase());
    const pools = [{ physicalNetwork: '', min: 1, max: 17 }];
    const other = holding(database, vxlan, pools, 16);
    const taken = await other.held;
    const [free] = Array.from({ length: 17 }, (_, i) => i + 1).filter((id) => !taken.includes(id));
    const mine = runInTransaction(database, (db) => vxlan.allocate(db, pools));
    // Before the change every candidate was one the other transaction held: this waited until it ended.
    const first = await Promise.race([mine, sleep(5_000).then(() => 'waited')]);
    other.release();
    await other.done;
    expect(first).toEqual({ physicalNetwork: '', segmentationId: free });
  });

  it('waits for the transaction holding every free id: none when it commits, one of them when it rolls back', async () => {
    const { database } = await migratedDatabase(await createTestDatabase());
    const pools = [{ physicalNetwork: '', min: 1, max: 2 }];

    const committing = holding(database, vxlan, pools, 2);
    await committing.held;
    const none = runInTransaction(database, (db) => vxlan.allocate(db, pools));
    await sleep(300);
    committing.release();
    expect(await none).toBeUndefined();
    await committing.done;

    const morePools = [{ physicalNetwork: '', min: 3, max: 4 }];
    const rollingBack = holding(database, vxlan, morePools, 2);
    const held = await rollingBack.held;
    const after = runInTransaction(database, (db) => vxlan.allocate(db, morePools));
    await sleep(300);
    rollingBack.rollBack();
    expect(await rollingBack.done).toBeInstanceOf(Error);
    expect(held).toContain((await after)!.segmentationId);
  });
});
