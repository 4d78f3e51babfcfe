import type { Session } from '../session.js';
import { invalid } from './invalid-subnet.js';
import type { HostRoute } from './subnet-spec.js';

/** Stores a subnet's host routes; the same route given twice is refused. */
export async function saveRoutes(session: Session, subnetId: string, routes: readonly HostRoute[]): Promise<void> {
  if (routes.length === 0) return;
  const seen = new Set<string>();
  for (const route of routes) {
    const key = `${route.destination} ${route.nexthop}`;
    if (seen.has(key)) throw invalid(`Duplicate hostroute '${route.destination}'`);
    seen.add(key);
  }
  await session.db
    .insertInto('subnetroutes')
    .values(routes.map((route) => ({ ...route, subnet_id: subnetId })))
    .execute();
}

/** Replaces a subnet's host routes (an update that gives host_routes). */
export async function replaceRoutes(session: Session, subnetId: string, routes: readonly HostRoute[]): Promise<void> {
  await session.db.deleteFrom('subnetroutes').where('subnet_id', '=', subnetId).execute();
  await saveRoutes(session, subnetId, routes);
}
