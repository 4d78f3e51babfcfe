import {
  cidrContains,
  constants,
  getAdminContext,
  parseCidr,
  parseIpAddress,
  PortInUse,
  type Context,
  type FixedIp,
  type Port,
  type ResourceDict,
  type ResourceRequest,
  type Subnet,
  validators,
} from '@net-server/lib';
import { bumpRevision, byIds, ResourceEngine, ResourceHookChain, type Session } from 'net-server';
import { RouterInterfaceInUseByFloatingIP, RouterInterfaceInUseByRoute, RouterInterfaceNotFound, RouterInterfaceNotFoundForSubnet } from '../errors.js';
import { l3View, type L3Db, type RoutersTable } from '../db/schema.js';
import type { L3CorePlugin } from './core-access.js';
import type { ExternalNetworks } from './external-networks.js';
import { addRoutes, removeRoutes, requestedRoutes, type Route } from './extra-routes.js';
import type { RouterAvailabilityZones } from './router-availability-zones.js';
import { badRequest, RouterOps, type RouterSettings } from './router-ops.js';

export type { RouterSettings } from './router-ops.js';

const ROUTER_INTF = constants.DEVICE_OWNER_ROUTER_INTF;

/** What a router change tells the agents about (neutron's L3 notifier). */
export interface RouterEvents {
  routersUpdated(context: Context, routerIds: readonly string[], operation: string): Promise<void>;
  routerDeleted(context: Context, routerId: string): Promise<void>;
}

/**
 * Routers on the resource kit (RouterOps: rows, gateway, routes), with
 * their interfaces and extraroute-atomic's route edits, each change told to
 * the L3 agents after its commit. Ports a router owns are the core
 * plugin's ports, created and deleted in the same transaction as the
 * router rows. Other service plugins add to routers through `hooks`
 * (neutron's ROUTER callbacks and dict extenders; QoS: a gateway's
 * `qos_policy_id`).
 */
export class Routers extends ResourceEngine<RoutersTable> {
  readonly #core: L3CorePlugin;
  readonly #ops: RouterOps;
  readonly #events: RouterEvents;

  constructor(core: L3CorePlugin, external: ExternalNetworks, settings: RouterSettings, events: RouterEvents, zones: RouterAvailabilityZones) {
    const ops = new RouterOps(core, external, settings, zones);
    super({ ops, hooks: new ResourceHookChain(), transactions: core.transactions });
    this.#core = core;
    this.#ops = ops;
    this.#events = events;
  }

  override async create(context: Context, body: ResourceRequest): Promise<ResourceDict> {
    const router = await super.create(context, body);
    await this.#events.routersUpdated(context, [String(router['id'])], 'create_router');
    return router;
  }

  override async update(context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    const router = await super.update(context, id, body);
    await this.#events.routersUpdated(context, [id], 'update_router');
    return router;
  }

  override async delete(context: Context, id: string): Promise<void> {
    await super.delete(context, id);
    await this.#events.routerDeleted(context, id);
  }

  /** extraroute-atomic's `PUT /v2.0/routers/{id}/add_extraroutes`: the router with `routes` added to its own, answered as `{"router": ...}`. */
  async addExtraroutes(context: Context, id: string, body: Record<string, unknown>): Promise<{ router: ResourceDict }> {
    return this.#editRoutes(context, id, requestedRoutes(body, 'add_extraroutes'), addRoutes);
  }

  /** extraroute-atomic's `PUT /v2.0/routers/{id}/remove_extraroutes`: the router without `routes`. */
  async removeExtraroutes(context: Context, id: string, body: Record<string, unknown>): Promise<{ router: ResourceDict }> {
    return this.#editRoutes(context, id, requestedRoutes(body, 'remove_extraroutes'), removeRoutes);
  }

  /**
   * Reads and replaces the routes in one transaction, the router's row
   * locked before they are read (#row) so that concurrent edits on several
   * servers apply one after the other instead of one losing the other's.
   */
  async #editRoutes(
    context: Context,
    id: string,
    routes: readonly Route[],
    edit: (current: readonly Route[], routes: readonly Route[]) => Route[],
  ): Promise<{ router: ResourceDict }> {
    const router = await this.transactions.write(context, async (session) => {
      await this.#row(session, id);
      const current = await this.#ops.routes(l3View(session.db), id);
      return this.updateIn(session, id, { routes: edit(current, routes) });
    });
    await this.#events.routersUpdated(context, [id], 'update_router');
    return { router };
  }

  async addRouterInterface(context: Context, id: string, info: Record<string, unknown>): Promise<ResourceDict> {
    const { portId, subnetId } = interfaceInfo(info, false);
    const result = await this.transactions.write(context, async (session) => {
      const router = await this.#row(session, id);
      let port: Port;
      if (portId !== undefined) {
        port = await this.#core.getPort(context, portId);
        if (port.device_id !== '' || port.device_owner !== '') {
          throw new PortInUse({ net_id: port.network_id, port_id: port.id, device_id: port.device_id });
        }
        if (port.fixed_ips.length === 0) throw badRequest('Router port must have at least one fixed IP');
        const subnets = await this.#ops.subnets(port.fixed_ips.map((ip) => ip.subnet_id));
        await this.#ops.checkForDupRouterSubnets(session, router.id, subnets);
        port = await this.#core.updatePort(getAdminContext(), port.id, { device_id: router.id, device_owner: ROUTER_INTF });
      } else {
        const subnet = await this.#core.getSubnet(context, subnetId!);
        if (!subnet.gateway_ip) throw badRequest('Subnet for router interface must have a gateway IP');
        if (subnet.project_id !== context.projectId && !context.isAdmin) {
          throw badRequest(`Cannot add interface to router because subnet ${subnet.id} is not owned by project making the request`);
        }
        await this.#ops.checkForDupRouterSubnets(session, router.id, [subnet]);
        port = await this.#core.createPort(getAdminContext(), {
          tenant_id: router.project_id,
          network_id: subnet.network_id,
          fixed_ips: [{ subnet_id: subnet.id, ip_address: subnet.gateway_ip }],
          device_id: router.id,
          device_owner: ROUTER_INTF,
          admin_state_up: true,
          name: '',
        });
      }
      await l3View(session.db).insertInto('routerports').values({ router_id: router.id, port_id: port.id, port_type: ROUTER_INTF }).execute();
      // neutron's RouterPort revises_on_change: an interface is a change of its router.
      await bumpRevision(session.db, 'routers', router.id);
      return interfaceDict(router, port, port.fixed_ips);
    });
    await this.#events.routersUpdated(context, [id], 'add_router_interface');
    return result;
  }

  async removeRouterInterface(context: Context, id: string, info: Record<string, unknown>): Promise<ResourceDict> {
    const { portId, subnetId } = interfaceInfo(info, true);
    const result = await this.transactions.write(context, async (session) => {
      const router = await this.#row(session, id);
      const db = l3View(session.db);
      const owned = await db.selectFrom('routerports').select('port_id').where('router_id', '=', id).where('port_type', '=', ROUTER_INTF).execute();
      const ownedIds = new Set(owned.map((row) => row.port_id));
      const admin = getAdminContext();
      let port: Port;
      let removed: FixedIp[];
      if (portId !== undefined) {
        if (!ownedIds.has(portId)) throw new RouterInterfaceNotFound({ router_id: id, port_id: portId });
        port = await this.#core.getPort(admin, portId);
        removed = port.fixed_ips;
        if (subnetId !== undefined && !removed.some((ip) => ip.subnet_id === subnetId)) {
          throw new RouterInterfaceNotFoundForSubnet({ router_id: id, subnet_id: subnetId });
        }
      } else {
        const ports = ownedIds.size === 0 ? [] : await this.#core.getPorts(admin, { filters: { id: [...ownedIds] } });
        const match = ports.find((candidate) => candidate.fixed_ips.some((ip) => ip.subnet_id === subnetId));
        if (!match) throw new RouterInterfaceNotFoundForSubnet({ router_id: id, subnet_id: subnetId });
        port = match;
        removed = match.fixed_ips.filter((ip) => ip.subnet_id === subnetId);
      }
      for (const subnet of await this.#ops.subnets(removed.map((ip) => ip.subnet_id))) await this.#confirmNotInUse(db, id, subnet);
      const keep = port.fixed_ips.filter((ip) => !removed.includes(ip));
      if (keep.length > 0) {
        // A port on several subnets only loses the removed subnet's address.
        await this.#core.updatePort(admin, port.id, { fixed_ips: keep });
      } else {
        await db.deleteFrom('routerports').where('port_id', '=', port.id).execute();
        await this.#core.deletePort(admin, port.id);
      }
      await bumpRevision(session.db, 'routers', id);
      return interfaceDict(router, port, removed);
    });
    await this.#events.routersUpdated(context, [id], 'remove_router_interface');
    return result;
  }

  /** The router's row as the session's caller sees it, locked in a write transaction (RouterOps.loadRows), or RouterNotFound. */
  async #row(session: Session, id: string): Promise<RoutersTable> {
    const [row] = await this.#ops.loadRows(session, byIds([id]));
    if (!row) throw this.#ops.notFound(id);
    return row;
  }

  /** Floating IPs or routes that need the interface on `subnet` keep it (neutron's _confirm_router_interface_not_in_use). */
  async #confirmNotInUse(db: L3Db, routerId: string, subnet: Subnet): Promise<void> {
    const cidr = parseCidr(subnet.cidr)!;
    const inSubnet = (address: string | null): boolean => {
      const ip = address === null ? undefined : parseIpAddress(address);
      return ip !== undefined && cidrContains(cidr, ip);
    };
    const floating = await db.selectFrom('floatingips').select('fixed_ip_address').where('router_id', '=', routerId).execute();
    if (floating.some((row) => inSubnet(row.fixed_ip_address))) throw new RouterInterfaceInUseByFloatingIP({ router_id: routerId, subnet_id: subnet.id });
    const routes = await db.selectFrom('routerroutes').select('nexthop').where('router_id', '=', routerId).execute();
    if (routes.some((row) => inSubnet(row.nexthop))) throw new RouterInterfaceInUseByRoute({ router_id: routerId, subnet_id: subnet.id });
  }
}

/** neutron's _validate_interface_info: a key given names its resource by UUID (400 otherwise, before any lookup). */
function interfaceInfo(info: Record<string, unknown>, forRemoval: boolean): { portId?: string; subnetId?: string } {
  if (!('port_id' in info) && !('subnet_id' in info)) throw badRequest('Either subnet_id or port_id must be specified');
  for (const key of ['port_id', 'subnet_id'] as const) {
    const invalid = key in info ? validators.validateUuid(info[key]) : undefined;
    if (invalid !== undefined) throw badRequest(invalid);
  }
  const portId = info['port_id'] as string | undefined;
  const subnetId = info['subnet_id'] as string | undefined;
  if (!forRemoval && portId !== undefined && subnetId !== undefined) throw badRequest('Cannot specify both subnet-id and port-id');
  return { ...(portId !== undefined ? { portId } : {}), ...(subnetId !== undefined ? { subnetId } : {}) };
}

/** The answer of add/remove_router_interface (neutron's _make_router_interface_info). */
function interfaceDict(router: RoutersTable, port: Port, ips: readonly FixedIp[]): ResourceDict {
  return {
    id: router.id,
    tenant_id: port.project_id,
    project_id: port.project_id,
    port_id: port.id,
    network_id: port.network_id,
    subnet_id: ips[0]?.subnet_id,
    subnet_ids: ips.map((ip) => ip.subnet_id),
  };
}
