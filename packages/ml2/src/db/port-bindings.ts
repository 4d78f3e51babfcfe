import { constants } from '@net-server/lib';
import type { BindingLevel, PortBinding } from '../mech/port-binding.js';
import type { Ml2Db } from './schema.js';

function parse(text: string): Record<string, unknown> {
  const value: unknown = JSON.parse(text || '{}');
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** A port no one asked to bind yet. */
export function unboundBinding(host = '', vnicType: string = constants.VNIC_NORMAL, profile: Record<string, unknown> = {}): PortBinding {
  return { host, vnic_type: vnicType, profile, vif_type: constants.VIF_TYPE_UNBOUND, vif_details: {}, status: 'ACTIVE' };
}

/** ml2_port_bindings and ml2_port_binding_levels: one binding per port, with its levels. */
export const portBindings = {
  async forPorts(db: Ml2Db, portIds: readonly string[]): Promise<Map<string, PortBinding>> {
    const found = new Map<string, PortBinding>();
    if (portIds.length === 0) return found;
    const rows = await db.selectFrom('ml2_port_bindings').selectAll().where('port_id', 'in', [...portIds]).execute();
    for (const row of rows) {
      found.set(row.port_id, {
        host: row.host,
        vnic_type: row.vnic_type,
        profile: parse(row.profile),
        vif_type: row.vif_type,
        vif_details: parse(row.vif_details),
        status: row.status,
      });
    }
    return found;
  },

  async get(db: Ml2Db, portId: string): Promise<PortBinding | undefined> {
    return (await portBindings.forPorts(db, [portId])).get(portId);
  },

  async put(db: Ml2Db, portId: string, binding: PortBinding): Promise<void> {
    await db.deleteFrom('ml2_port_bindings').where('port_id', '=', portId).execute();
    await db
      .insertInto('ml2_port_bindings')
      .values({
        port_id: portId,
        host: binding.host,
        vnic_type: binding.vnic_type,
        profile: JSON.stringify(binding.profile),
        vif_type: binding.vif_type,
        vif_details: JSON.stringify(binding.vif_details),
        status: binding.status,
      })
      .execute();
  },

  async levels(db: Ml2Db, portId: string): Promise<BindingLevel[]> {
    const rows = await db.selectFrom('ml2_port_binding_levels').selectAll().where('port_id', '=', portId).orderBy('level').execute();
    return rows.map((row) => ({ level: Number(row.level), driver: row.driver ?? '', segment_id: row.segment_id ?? '' }));
  },

  async putLevels(db: Ml2Db, portId: string, host: string, levels: readonly BindingLevel[]): Promise<void> {
    await db.deleteFrom('ml2_port_binding_levels').where('port_id', '=', portId).execute();
    for (const level of levels) {
      await db.insertInto('ml2_port_binding_levels').values({ port_id: portId, host, level: level.level, driver: level.driver, segment_id: level.segment_id }).execute();
    }
  },

  async delete(db: Ml2Db, portId: string): Promise<void> {
    await db.deleteFrom('ml2_port_binding_levels').where('port_id', '=', portId).execute();
    await db.deleteFrom('ml2_port_bindings').where('port_id', '=', portId).execute();
  },
};
