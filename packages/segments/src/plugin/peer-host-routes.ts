import { firstAddress, lastAddress, parseCidr } from '@net-server/lib';

/** A subnet host route, as subnets show them. */
export interface HostRoute {
  destination: string;
  nexthop: string;
}

/** A subnet of a routed network as the host route calculation sees it. */
export interface PeerSubnet {
  id: string;
  cidr: string;
  ip_version: number;
  segment_id: string | null;
}

/** The subnet whose routes are calculated, and what changes about it. */
export interface RouteTarget {
  /** Absent for a subnet still being created. */
  subnetId?: string;
  segmentId: string | null;
  ipVersion: number;
  gatewayIp: string | null;
  /** The gateway the subnet had, when an update changes it: routes through it go. */
  oldGatewayIp?: string | null;
  /** The CIDR of a subnet just deleted: the route to it goes. */
  deletedCidr?: string;
}

/** Whether `inner` lies inside `outer` (netaddr's `IPNetwork in IPNetwork`). */
function within(inner: string, outer: string): boolean {
  const a = parseCidr(inner);
  const b = parseCidr(outer);
  if (!a || !b || a.version !== b.version || a.prefixLength < b.prefixLength) return false;
  return firstAddress(b).value <= firstAddress(a).value && lastAddress(a).value <= lastAddress(b).value;
}

const sameRoute = (a: HostRoute, b: HostRoute): boolean => a.destination === b.destination && a.nexthop === b.nexthop;

function without(routes: HostRoute[], route: HostRoute): boolean {
  const at = routes.findIndex((candidate) => sameRoute(candidate, route));
  if (at >= 0) routes.splice(at, 1);
  return at >= 0;
}

/**
 * A routed network subnet's host routes (neutron's
 * _calculate_routed_network_host_routes): its own routes, plus one through
 * its gateway to each subnet of the same IP version on another segment,
 * unless a route already covers that subnet (a summary route the user
 * gave); routes through an old gateway and to a deleted subnet go.
 */
export function peerHostRoutes(peers: readonly PeerSubnet[], target: RouteTarget, routes: readonly HostRoute[]): HostRoute[] {
  const result = routes.map((route) => ({ ...route }));
  const destinations = result.map((route) => route.destination);
  if (target.deletedCidr) without(result, { destination: target.deletedCidr, nexthop: String(target.gatewayIp) });
  for (const peer of peers) {
    if (peer.id === target.subnetId || peer.segment_id === target.segmentId || peer.ip_version !== target.ipVersion) continue;
    if (target.oldGatewayIp && without(result, { destination: peer.cidr, nexthop: target.oldGatewayIp })) {
      const at = destinations.indexOf(peer.cidr);
      if (at >= 0) destinations.splice(at, 1);
    }
    if (target.gatewayIp && !destinations.some((destination) => within(peer.cidr, destination))) {
      result.push({ destination: peer.cidr, nexthop: target.gatewayIp });
    }
  }
  return result;
}

/** Whether two route lists differ as sets (neutron's _host_routes_need_update). */
export function routesDiffer(a: readonly HostRoute[], b: readonly HostRoute[]): boolean {
  const key = (route: HostRoute): string => `${route.destination} ${route.nexthop}`;
  const left = new Set(a.map(key));
  const right = new Set(b.map(key));
  return left.size !== right.size || [...left].some((entry) => !right.has(entry));
}
