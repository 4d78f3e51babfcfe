import { getAdminContext, NotFound, type Context, type ResourceDict } from '@net-server/lib';
import type { ResourceHooks, Session } from 'net-server';
import { SEGMENT_ID } from '../api/definitions.js';
import { segmentsView } from '../db/schema.js';
import type { SegmentsCorePlugin } from './core-access.js';
import { peerHostRoutes, routesDiffer, type HostRoute, type PeerSubnet, type RouteTarget } from './peer-host-routes.js';

function routesOf(subnet: ResourceDict): HostRoute[] {
  const routes = subnet['host_routes'];
  return Array.isArray(routes) ? (routes as HostRoute[]).map((route) => ({ destination: String(route.destination), nexthop: String(route.nexthop) })) : [];
}

const gatewayOf = (subnet: ResourceDict): string | null => (typeof subnet['gateway_ip'] === 'string' ? subnet['gateway_ip'] : null);
const segmentOf = (subnet: Readonly<Record<string, unknown>>): string | null => (typeof subnet[SEGMENT_ID] === 'string' ? subnet[SEGMENT_ID] : null);

/** The network's subnets with their segments. */
async function peersOf(session: Session, networkId: string): Promise<PeerSubnet[]> {
  const rows = await segmentsView(session.db)
    .selectFrom('subnets')
    .leftJoin('subnet_segments', 'subnet_segments.subnet_id', 'subnets.id')
    .select(['subnets.id as id', 'subnets.cidr as cidr', 'subnets.ip_version as ip_version', 'subnet_segments.segment_id as segment_id'])
    .where('subnets.network_id', '=', networkId)
    .orderBy('subnets.id')
    .execute();
  return rows.map((row) => ({
    id: String(row.id),
    cidr: String(row.cidr),
    ip_version: Number(row.ip_version),
    segment_id: row.segment_id == null ? null : String(row.segment_id),
  }));
}

/** Stores the subnet's routes and shows them on its dict. */
async function storeRoutes(session: Session, subnet: ResourceDict, routes: readonly HostRoute[]): Promise<void> {
  const id = String(subnet['id']);
  await session.db.deleteFrom('subnetroutes').where('subnet_id', '=', id).execute();
  if (routes.length > 0)
    await session.db
      .insertInto('subnetroutes')
      .values(routes.map((route) => ({ ...route, subnet_id: id })))
      .execute();
  subnet['host_routes'] = routes.map((route) => ({ ...route }));
}

/**
 * `segments-peer-subnet-host-routes` (neutron's SegmentHostRoutes): a
 * subnet on a segment of a routed network gets a host route through its
 * gateway to each subnet of its IP version on the other segments, when it
 * is created or its routes or gateway change; creating or deleting such a
 * subnet updates its peers' routes.
 */
export class SegmentHostRoutes implements ResourceHooks {
  readonly #core: SegmentsCorePlugin;

  constructor(core: SegmentsCorePlugin) {
    this.#core = core;
  }

  async precommitCreate(session: Session, request: Readonly<Record<string, unknown>>, subnet: ResourceDict): Promise<void> {
    // The request names the segment: SubnetSegments has stored it, the dict may not show it yet.
    const segmentId = segmentOf(request) ?? segmentOf(subnet);
    const gatewayIp = gatewayOf(subnet);
    if (segmentId === null || gatewayIp === null) return;
    const routes = routesOf(subnet);
    const target: RouteTarget = { subnetId: String(subnet['id']), segmentId, ipVersion: Number(subnet['ip_version']), gatewayIp };
    const calculated = peerHostRoutes(await peersOf(session, String(subnet['network_id'])), target, routes);
    if (routes.length === 0 || routesDiffer(routes, calculated)) await storeRoutes(session, subnet, calculated);
  }

  async precommitUpdate(session: Session, request: Readonly<Record<string, unknown>>, original: ResourceDict, updated: ResourceDict): Promise<void> {
    const segmentId = segmentOf(request) ?? segmentOf(original);
    const routes = routesOf(updated);
    const gatewayIp = gatewayOf(updated);
    const gatewayChanged = gatewayIp !== gatewayOf(original);
    if (segmentId === null || (!routesDiffer(routes, routesOf(original)) && !gatewayChanged)) return;
    const target: RouteTarget = {
      subnetId: String(updated['id']),
      segmentId,
      ipVersion: Number(original['ip_version']),
      gatewayIp,
      ...(gatewayChanged ? { oldGatewayIp: gatewayOf(original) } : {}),
    };
    const calculated = peerHostRoutes(await peersOf(session, String(original['network_id'])), target, routes);
    if (routesDiffer(routes, calculated)) await storeRoutes(session, updated, calculated);
  }

  async postcommitCreate(_context: Context, subnet: ResourceDict): Promise<void> {
    if (segmentOf(subnet) === null) return;
    await this.#updatePeers(String(subnet['network_id']));
  }

  async postcommitDelete(_context: Context, subnet: ResourceDict): Promise<void> {
    if (segmentOf(subnet) === null) return;
    await this.#updatePeers(String(subnet['network_id']), String(subnet['cidr']));
  }

  /**
   * neutron's _update_routed_network_host_routes: each subnet of the network
   * whose routes the calculation changes is updated through the core
   * plugin, as an admin (a peer may be another project's).
   */
  async #updatePeers(networkId: string, deletedCidr?: string): Promise<void> {
    const admin = getAdminContext();
    const subnets = await this.#core.getSubnets(admin, { filters: { network_id: [networkId] } });
    if (subnets.length < (deletedCidr === undefined ? 2 : 1)) return;
    const peers = await this.#core.transactions.read(admin, (session) => peersOf(session, networkId));
    for (const subnet of subnets as unknown as ResourceDict[]) {
      const routes = routesOf(subnet);
      const target: RouteTarget = {
        subnetId: String(subnet['id']),
        segmentId: segmentOf(subnet),
        ipVersion: Number(subnet['ip_version']),
        gatewayIp: gatewayOf(subnet),
        ...(deletedCidr !== undefined ? { deletedCidr } : {}),
      };
      const calculated = peerHostRoutes(peers, target, routes);
      if (!routesDiffer(routes, calculated)) continue;
      try {
        await this.#core.updateSubnet(admin, String(subnet['id']), { subnet: { host_routes: calculated } });
      } catch (error) {
        // A peer deleted meanwhile (its network going) needs no routes.
        if (!(error instanceof NotFound)) throw error;
      }
    }
  }
}
