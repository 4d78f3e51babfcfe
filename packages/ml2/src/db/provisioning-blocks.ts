import { insertSkippingDuplicates } from 'net-server';
import type { Ml2Db } from './schema.js';

/** neutron's provisioning_blocks entities: who must report before a port goes ACTIVE. */
export const L2_AGENT_ENTITY = 'L2';
export const DHCP_ENTITY = 'DHCP';

/**
 * ml2_provisioning_blocks (neutron's provisioning_blocks): a port goes
 * ACTIVE only once every entity that has work to do for it (its L2 agent,
 * the DHCP agents) has reported that work done.
 */
export const provisioningBlocks = {
  async add(db: Ml2Db, portId: string, entity: string): Promise<void> {
    await insertSkippingDuplicates(db, 'ml2_provisioning_blocks', [{ port_id: portId, entity }], (c) => c.columns(['port_id', 'entity']).doNothing());
  },

  async remove(db: Ml2Db, portId: string, entity: string): Promise<void> {
    await db.deleteFrom('ml2_provisioning_blocks').where('port_id', '=', portId).where('entity', '=', entity).execute();
  },

  /** Removes the entity's blocks of all the ports, in one statement. */
  async removeFor(db: Ml2Db, portIds: readonly string[], entity: string): Promise<void> {
    if (portIds.length === 0) return;
    await db
      .deleteFrom('ml2_provisioning_blocks')
      .where('port_id', 'in', [...portIds])
      .where('entity', '=', entity)
      .execute();
  },

  /** Those of the ports that some entity still blocks. */
  async blocked(db: Ml2Db, portIds: readonly string[]): Promise<Set<string>> {
    if (portIds.length === 0) return new Set();
    const rows = await db
      .selectFrom('ml2_provisioning_blocks')
      .select('port_id')
      .where('port_id', 'in', [...portIds])
      .execute();
    return new Set(rows.map((row) => row.port_id));
  },

  async removeAll(db: Ml2Db, portId: string): Promise<void> {
    await db.deleteFrom('ml2_provisioning_blocks').where('port_id', '=', portId).execute();
  },

  async remaining(db: Ml2Db, portId: string): Promise<string[]> {
    const rows = await db.selectFrom('ml2_provisioning_blocks').select('entity').where('port_id', '=', portId).orderBy('entity').execute();
    return rows.map((row) => row.entity);
  },
};
