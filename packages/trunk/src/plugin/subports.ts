import type { ResourceDict } from '@net-server/lib';
import type { SubPortRow, TrunkDb, TrunkRow } from '../db/schema.js';
import { DuplicateSubPort } from '../errors.js';

/** A subport as the API shows it (neutron's SubPort.to_dict(), which leaves out the trunk). */
export function subportDict(row: SubPortRow): ResourceDict {
  return { port_id: row.port_id, segmentation_type: row.segmentation_type, segmentation_id: Number(row.segmentation_id) };
}

/** A subport to add: a port on a segmentation type and id. */
export interface NewSubPort {
  port_id: string;
  segmentation_type: string;
  segmentation_id: number;
}

/**
 * The subports table: who is a subport, the subports of trunks, adding and
 * removing them. Reads are not scoped to a project (neutron's SubPort has
 * no owner), and neither are the lookups of a port's trunk here: a port
 * that is another project's trunk parent is in use whoever asks.
 */
export const subports = {
  /** Trunk id -> its subports, by segmentation type and id. */
  async ofTrunks(db: TrunkDb, trunkIds: readonly string[]): Promise<Map<string, SubPortRow[]>> {
    const byTrunk = new Map<string, SubPortRow[]>(trunkIds.map((id) => [id, []]));
    if (trunkIds.length === 0) return byTrunk;
    const rows = await db
      .selectFrom('subports')
      .selectAll()
      .where('trunk_id', 'in', [...trunkIds])
      .orderBy('segmentation_type')
      .orderBy('segmentation_id')
      .execute();
    for (const row of rows) byTrunk.get(row.trunk_id)?.push(row);
    return byTrunk;
  },

  /** The subport row of a port, if the port is one. */
  ofPort(db: TrunkDb, portId: string): Promise<SubPortRow | undefined> {
    return db.selectFrom('subports').selectAll().where('port_id', '=', portId).executeTakeFirst();
  },

  /** The trunk whose parent the port is, if any. */
  trunkOfParent(db: TrunkDb, portId: string): Promise<TrunkRow | undefined> {
    return db.selectFrom('trunks').selectAll().where('port_id', '=', portId).executeTakeFirst();
  },

  /**
   * Adds subports to a trunk; DuplicateSubPort for a segmentation the trunk
   * already has, checked first (the unique key is the last word, against
   * concurrent adds, as neutron's).
   */
  async add(db: TrunkDb, trunkId: string, added: readonly NewSubPort[]): Promise<SubPortRow[]> {
    const rows = added.map((subport) => ({ ...subport, trunk_id: trunkId }));
    for (const row of rows) {
      const taken = await db
        .selectFrom('subports')
        .select('port_id')
        .where('trunk_id', '=', trunkId)
        .where('segmentation_type', '=', row.segmentation_type)
        .where('segmentation_id', '=', row.segmentation_id)
        .executeTakeFirst();
      if (taken) throw new DuplicateSubPort({ segmentation_type: row.segmentation_type, segmentation_id: row.segmentation_id, trunk_id: trunkId });
    }
    if (rows.length > 0) await db.insertInto('subports').values(rows).execute();
    return rows;
  },

  async remove(db: TrunkDb, portIds: readonly string[]): Promise<void> {
    if (portIds.length > 0)
      await db
        .deleteFrom('subports')
        .where('port_id', 'in', [...portIds])
        .execute();
  },
};
