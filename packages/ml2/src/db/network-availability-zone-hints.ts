import type { Ml2Db } from './schema.js';

function parseHints(text: string): string[] {
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? value.map(String) : [];
}

/** ml2_network_availability_zone_hints: the zones a network asked for, stored as neutron does (a JSON list). */
export const networkAvailabilityZoneHints = {
  /** The hints of each network that has some. */
  async ofNetworks(db: Ml2Db, networkIds: readonly string[]): Promise<Map<string, string[]>> {
    const hints = new Map<string, string[]>();
    if (networkIds.length === 0) return hints;
    const rows = await db
      .selectFrom('ml2_network_availability_zone_hints')
      .selectAll()
      .where('network_id', 'in', [...networkIds])
      .execute();
    for (const row of rows) hints.set(row.network_id, parseHints(row.availability_zone_hints));
    return hints;
  },

  async ofNetwork(db: Ml2Db, networkId: string): Promise<string[]> {
    return (await this.ofNetworks(db, [networkId])).get(networkId) ?? [];
  },

  /** Records a new network's hints (none: no row). */
  async put(db: Ml2Db, networkId: string, hints: readonly string[]): Promise<void> {
    if (hints.length === 0) return;
    await db
      .insertInto('ml2_network_availability_zone_hints')
      .values({ network_id: networkId, availability_zone_hints: JSON.stringify(hints) })
      .execute();
  },
};
