import { BadRequest, InvalidInput, validators } from '@net-server/lib';

/** A router's static route (extraroute). */
export interface Route {
  destination: string;
  nexthop: string;
}

/**
 * The routes of an extraroute-atomic action's body, `{"router": {"routes":
 * [...]}}`. neutron defers their checks to update_router and answers a
 * malformed route with a 500; each is checked here as a host route, while
 * repeated routes are allowed, since the action merges them.
 */
export function requestedRoutes(body: Record<string, unknown>, action: string): Route[] {
  const router = body['router'];
  const routes = typeof router === 'object' && router !== null ? (router as Record<string, unknown>)['routes'] : undefined;
  if (!Array.isArray(routes)) {
    throw new BadRequest({ resource: 'router', msg: `${action} needs a body {"router": {"routes": [{"destination": <CIDR>, "nexthop": <IP address>}, ...]}}` });
  }
  for (const route of routes as unknown[]) {
    const message = validators.validateHostroutes([route]);
    if (message !== undefined) throw new InvalidInput({ error_message: message });
  }
  return (routes as Route[]).map(({ destination, nexthop }) => ({ destination, nexthop }));
}

/** extraroute_db's _add_extra_routes: the union, a route present in both once; other routes to the same destination stay. */
export function addRoutes(current: readonly Route[], added: readonly Route[]): Route[] {
  return unique([...current, ...added]);
}

/** extraroute_db's _remove_extra_routes: `current` without `removed`; removing a route the router lacks is no error. */
export function removeRoutes(current: readonly Route[], removed: readonly Route[]): Route[] {
  const gone = new Set(removed.map(routeKey));
  return unique(current.filter((route) => !gone.has(routeKey(route))));
}

function unique(routes: readonly Route[]): Route[] {
  return [...new Map(routes.map((route) => [routeKey(route), route])).values()];
}

function routeKey(route: Route): string {
  return `${route.destination}|${route.nexthop}`;
}
