import { constants } from '@net-server/lib';
import type { BindingLevel, PortBinding } from '../mech/port-binding.js';
import type { Ml2Db } from './schema.js';

function parse(text: string): Record<string, unknown> {
  const value: unknown = JSON.parse(text || '{}');
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** A port no one asked to bind yet. */
export function unboundBinding(host = '', vnicType: string = constants.VNIC_NORMAL, profile: Record<string, unknown> = {}): PortBinding {
  return { host, vnic_type: vnicType, profile, vif_type: constants.VIF_TYPE_UNBOUND, vif_details: {}, status: constants.ACTIVE };
}

function fromRow(row: { host: string; vnic_type: string; profile: string; vif_type: string; vif_details: string; status: string }): PortBinding {
  return {
    host: row.host,
    vnic_type: row.vnic_type,
    profile: parse(row.profile),
    vif_type: row.vif_type,
    vif_details: parse(row.vif_details),
    status: row.status,
  };
}

/**
 * ml2_port_bindings and ml2_port_binding_levels: one binding per port and
 * host, with its levels. A port's ACTIVE binding is the one its
 * binding:* attributes show; INACTIVE ones are bindings to other hosts made
 * ahead of a live migration (binding-extended).
 */
export const portBindings = {
  /** The ports' ACTIVE bindings. */
  async forPorts(db: Ml2Db, portIds: readonly string[]): Promise<Map<string, PortBinding>> {
    const found = new Map<string, PortBinding>();
    if (portIds.length === 0) return found;
    const rows = await db
      .selectFrom('ml2_port_bindings')
      .selectAll()
      .where('port_id', 'in', [...portIds])
      .where('status', '=', constants.ACTIVE)
      .execute();
    for (const row of rows) found.set(row.port_id, fromRow(row));
    return found;
  },

  /** The port's ACTIVE binding. */
  async get(db: Ml2Db, portId: string): Promise<PortBinding | undefined> {
    return (await portBindings.forPorts(db, [portId])).get(portId);
  },

  /** Every binding of the port, ACTIVE and INACTIVE, by host. */
  async all(db: Ml2Db, portId: string): Promise<PortBinding[]> {
    const rows = await db.selectFrom('ml2_port_bindings').selectAll().where('port_id', '=', portId).orderBy('host').execute();
    return rows.map(fromRow);
  },

  async onHost(db: Ml2Db, portId: string, host: string): Promise<PortBinding | undefined> {
    const row = await db.selectFrom('ml2_port_bindings').selectAll().where('port_id', '=', portId).where('host', '=', host).executeTakeFirst();
    return row ? fromRow(row) : undefined;
  },

  /**
   * Stores a binding: an ACTIVE one replaces the port's ACTIVE binding (and
   * the levels of its host), any one replaces the binding on its own host.
   */
  async put(db: Ml2Db, portId: string, binding: PortBinding): Promise<void> {
    const replaced = new Set([binding.host]);
    if (binding.status === constants.ACTIVE) {
      const active = await portBindings.get(db, portId);
      if (active) replaced.add(active.host);
    }
    const hosts = [...replaced];
    await db.deleteFrom('ml2_port_binding_levels').where('port_id', '=', portId).where('host', 'in', hosts).execute();
    await db.deleteFrom('ml2_port_bindings').where('port_id', '=', portId).where('host', 'in', hosts).execute();
    if (binding.status === constants.ACTIVE)
      await db.deleteFrom('ml2_port_bindings').where('port_id', '=', portId).where('status', '=', constants.ACTIVE).execute();
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

  /** The levels of the port's binding on `host` (default: its ACTIVE binding's host). */
  async levels(db: Ml2Db, portId: string, host?: string): Promise<BindingLevel[]> {
    const on = host ?? (await portBindings.get(db, portId))?.host;
    if (on === undefined) return [];
    const rows = await db.selectFrom('ml2_port_binding_levels').selectAll().where('port_id', '=', portId).where('host', '=', on).orderBy('level').execute();
    return rows.map((row) => ({ level: Number(row.level), driver: row.driver ?? '', segment_id: row.segment_id ?? '' }));
  },

  /** The levels of each port's binding in `bindings` (its ACTIVE one), in one query. */
  async levelsForBindings(db: Ml2Db, bindings: ReadonlyMap<string, PortBinding>): Promise<Map<string, BindingLevel[]>> {
    const found = new Map<string, BindingLevel[]>([...bindings.keys()].map((id) => [id, []]));
    if (bindings.size === 0) return found;
    const rows = await db
      .selectFrom('ml2_port_binding_levels')
      .selectAll()
      .where('port_id', 'in', [...bindings.keys()])
      .orderBy('level')
      .execute();
    for (const row of rows) {
      // A port bound ahead of a live migration has levels on its next host too.
      if (row.host !== bindings.get(row.port_id)?.host) continue;
      found.get(row.port_id)!.push({ level: Number(row.level), driver: row.driver ?? '', segment_id: row.segment_id ?? '' });
    }
    return found;
  },

  async putLevels(db: Ml2Db, portId: string, host: string, levels: readonly BindingLevel[]): Promise<void> {
    await db.deleteFrom('ml2_port_binding_levels').where('port_id', '=', portId).where('host', '=', host).execute();
    for (const level of levels) {
      await db
        .insertInto('ml2_port_binding_levels')
        .values({ port_id: portId, host, level: level.level, driver: level.driver, segment_id: level.segment_id })
        .execute();
    }
  },

  /** Sets the status of the port's binding on `host`. */
  async setStatus(db: Ml2Db, portId: string, host: string, status: string): Promise<void> {
    await db.updateTable('ml2_port_bindings').set({ status }).where('port_id', '=', portId).where('host', '=', host).execute();
  },

  async deleteOnHost(db: Ml2Db, portId: string, host: string): Promise<void> {
    await db.deleteFrom('ml2_port_binding_levels').where('port_id', '=', portId).where('host', '=', host).execute();
    await db.deleteFrom('ml2_port_bindings').where('port_id', '=', portId).where('host', '=', host).execute();
  },

  async delete(db: Ml2Db, portId: string): Promise<void> {
    await db.deleteFrom('ml2_port_binding_levels').where('port_id', '=', portId).execute();
    await db.deleteFrom('ml2_port_bindings').where('port_id', '=', portId).execute();
  },
};
