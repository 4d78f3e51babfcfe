import type { L3Db } from './schema.js';

function parseHints(text: string): string[] {
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? value.map(String) : [];
}

/** router_availability_zone_hints: the zones a router asked for, stored as neutron does (a JSON list). */
export const routerAvailabilityZoneHints = {
  /** The hints of each router that has some. */
  async ofRouters(db: L3Db, routerIds: readonly string[]): Promise<Map<string, string[]>> {
    const hints = new Map<string, string[]>();
    if (routerIds.length === 0) return hints;
    const rows = await db
      .selectFrom('router_availability_zone_hints')
      .selectAll()
      .where('router_id', 'in', [...routerIds])
      .execute();
    for (const row of rows) hints.set(row.router_id, parseHints(row.availability_zone_hints));
    return hints;
  },

  /** Records a new router's hints (none: no row). */
  async put(db: L3Db, routerId: string, hints: readonly string[]): Promise<void> {
    if (hints.length === 0) return;
    await db
      .insertInto('router_availability_zone_hints')
      .values({ router_id: routerId, availability_zone_hints: JSON.stringify(hints) })
      .execute();
  },
};
