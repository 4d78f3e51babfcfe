import { randomUUID } from 'node:crypto';
import {
  timestampNow,
  BadRequest,
  canonicalIpAddress,
  cidrContains,
  cidrsOverlap,
  constants,
  getAdminContext,
  isAttrSpecified,
  parseCidr,
  parseIpAddress,
  PortInUse,
  type Context,
  type FixedIp,
  type ListOptions,
  type Port,
  type ResourceDict,
  type ResourceRequest,
  type Subnet,
  validators,
} from '@net-server/lib';
import { bumpRevision, ResourceHookChain, resourceTags, type Session } from 'net-server';
import {
  InvalidRoutes,
  RouterExternalGatewayInUseByFloatingIp,
  RouterInterfaceInUseByFloatingIP,
  RouterInterfaceInUseByRoute,
  RouterInterfaceNotFound,
  RouterInterfaceNotFoundForSubnet,
  RouterInUse,
  RouterNotFound,
  RoutesExhausted,
} from '../errors.js';
import { routerAvailabilityZoneHints } from '../db/router-availability-zone-hints.js';
import { l3View, type L3Db, type RoutersTable } from '../db/schema.js';
import type { L3CorePlugin } from './core-access.js';
import type { ExternalNetworks } from './external-networks.js';
import { addRoutes, removeRoutes, requestedRoutes, type Route } from './extra-routes.js';
import { matchesFilters } from './filters.js';
import type { RouterAvailabilityZones } from './router-availability-zones.js';

const ROUTER_GW = constants.DEVICE_OWNER_ROUTER_GW;
const ROUTER_INTF = constants.DEVICE_OWNER_ROUTER_INTF;

export interface RouterSettings {
  enableSnatByDefault: boolean;
  maxRoutes: number;
}

/** What a router change tells the agents about (neutron's L3 notifier). */
export interface RouterEvents {
  routersUpdated(context: Context, routerIds: readonly string[], operation: string): Promise<void>;
  routerDeleted(context: Context, routerId: string): Promise<void>;
}

function badRequest(msg: string): Error {
  return new BadRequest({ resource: 'router', msg });
}

/**
 * Routers with their interfaces, gateway and static routes: neutron's
 * L3_NAT_dbonly_mixin with L3_NAT_db_mixin's gateway mode and
 * ExtraRoute_dbonly_mixin. Ports a router owns are the core plugin's ports,
 * created and deleted in the same transaction as the router rows.
 */
export class Routers {
  /**
   * What other service plugins add to routers (neutron's ROUTER callbacks
   * and dict extenders; QoS: a gateway's `qos_policy_id`): `extendDicts` on
   * every dict returned, `precommitCreate` and `precommitUpdate` in the
   * change's transaction with the request as the caller wrote it,
   * `precommitDelete` in a delete's before the router goes.
   */
  readonly hooks = new ResourceHookChain();
  readonly #core: L3CorePlugin;
  readonly #external: ExternalNetworks;
  readonly #settings: RouterSettings;
  readonly #events: RouterEvents;
  readonly #zones: RouterAvailabilityZones;

  constructor(core: L3CorePlugin, external: ExternalNetworks, settings: RouterSettings, events: RouterEvents, zones: RouterAvailabilityZones) {
    this.#core = core;
    this.#external = external;
    this.#settings = settings;
    this.#events = events;
    this.#zones = zones;
  }

  async createRouter(context: Context, body: ResourceRequest): Promise<ResourceDict> {
    const id = randomUUID();
    const asked = body['availability_zone_hints'];
    const hints = asked !== undefined && isAttrSpecified(asked) && Array.isArray(asked) ? asked.map(String) : [];
    await this.#zones.validate(hints);
    const router = await this.#core.transactions.write(context, async (session) => {
      const now = timestampNow();
      const projectId = String(body['tenant_id'] ?? body['project_id'] ?? context.projectId ?? '');
      await l3View(session.db)
        .insertInto('routers')
        .values({
          id,
          project_id: projectId,
          name: String(body['name'] ?? ''),
          status: constants.ROUTER_STATUS_ACTIVE,
          admin_state_up: body['admin_state_up'] === false ? 0 : 1,
          gw_port_id: null,
          enable_snat: 1,
          description: typeof body['description'] === 'string' ? body['description'] : '',
          revision_number: 0,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await routerAvailabilityZoneHints.put(l3View(session.db), id, hints);
      const gateway = body['external_gateway_info'];
      if (isGatewayInfo(gateway)) await this.#setGateway(session, id, gateway);
      const created = await this.#load(session, id);
      await this.hooks.precommitCreate(session, body, created);
      return created;
    });
    await this.#events.routersUpdated(context, [id], 'create_router');
    return router;
  }

  async updateRouter(context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    const router = await this.#core.transactions.write(context, (session) => this.#update(session, id, body));
    await this.#events.routersUpdated(context, [id], 'update_router');
    return router;
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
    const router = await this.#core.transactions.write(context, async (session) => {
      await this.#row(session, id);
      const current = await this.#routes(l3View(session.db), id);
      return this.#update(session, id, { routes: edit(current, routes) });
    });
    await this.#events.routersUpdated(context, [id], 'update_router');
    return { router };
  }

  async #update(session: Session, id: string, body: ResourceRequest): Promise<ResourceDict> {
    const row = await this.#row(session, id);
    const original = await this.#load(session, id);
    const db = l3View(session.db);
    const changes: Partial<RoutersTable> = {};
    if (typeof body['name'] === 'string') changes.name = body['name'];
    if (typeof body['description'] === 'string') changes.description = body['description'];
    if (typeof body['admin_state_up'] === 'boolean') changes.admin_state_up = body['admin_state_up'] ? 1 : 0;
    const routes = body['routes'];
    const newRoutes = isAttrSpecified(routes) && Array.isArray(routes) ? (routes as Route[]) : undefined;
    if ('external_gateway_info' in body && isAttrSpecified(body['external_gateway_info'])) {
      const gateway = body['external_gateway_info'];
      if (isGatewayInfo(gateway)) await this.#setGateway(session, id, gateway);
      else await this.#clearGateway(session, row);
      // Routes through the old gateway's subnets must still have a nexthop the router reaches.
      if (!newRoutes) await this.#validateRoutes(session, id, await this.#routes(db, id));
    }
    if (newRoutes) await this.#setRoutes(session, id, newRoutes);
    if (Object.keys(changes).length > 0) await db.updateTable('routers').set(changes).where('id', '=', id).execute();
    await bumpRevision(session.db, 'routers', id);
    const updated = await this.#load(session, id);
    await this.hooks.precommitUpdate(session, body, original, updated);
    return updated;
  }

  async deleteRouter(context: Context, id: string): Promise<void> {
    await this.#core.transactions.write(context, async (session) => {
      const row = await this.#row(session, id);
      const db = l3View(session.db);
      const interfaces = await db.selectFrom('routerports').select('port_id').where('router_id', '=', id).where('port_type', '!=', ROUTER_GW).execute();
      if (interfaces.length > 0) throw new RouterInUse({ router_id: id });
      await this.hooks.precommitDelete(session, await this.#load(session, id));
      await this.#clearGateway(session, row);
      await db.deleteFrom('routers').where('id', '=', id).execute();
      await resourceTags.remove(session.db, id);
    });
    await this.#events.routerDeleted(context, id);
  }

  async getRouter(context: Context, id: string): Promise<ResourceDict> {
    return this.#core.transactions.read(context, (session) => this.#load(session, id));
  }

  async getRouters(context: Context, options: ListOptions = {}): Promise<ResourceDict[]> {
    return this.#core.transactions.read(context, async (session) => {
      let query = l3View(session.db).selectFrom('routers').selectAll();
      if (!context.seesAllProjects) query = query.where('project_id', '=', context.projectId ?? '');
      const ids = options.filters?.['id'];
      if (ids && ids.length > 0) query = query.where('id', 'in', ids.map(String));
      const dicts = await this.#dicts(session, await query.execute());
      return dicts.filter((dict) => matchesFilters(dict, options.filters));
    });
  }

  async getRoutersCount(context: Context, filters?: ListOptions['filters']): Promise<number> {
    return (await this.getRouters(context, filters ? { filters } : {})).length;
  }

  async addRouterInterface(context: Context, id: string, info: Record<string, unknown>): Promise<ResourceDict> {
    const { portId, subnetId } = interfaceInfo(info, false);
    const result = await this.#core.transactions.write(context, async (session) => {
      const router = await this.#row(session, id);
      let port: Port;
      if (portId !== undefined) {
        port = await this.#core.getPort(context, portId);
        if (port.device_id !== '' || port.device_owner !== '') {
          throw new PortInUse({ net_id: port.network_id, port_id: port.id, device_id: port.device_id });
        }
        if (port.fixed_ips.length === 0) throw badRequest('Router port must have at least one fixed IP');
        const subnets = await this.#subnets(port.fixed_ips.map((ip) => ip.subnet_id));
        await this.#checkForDupRouterSubnets(session, router.id, subnets);
        port = await this.#core.updatePort(getAdminContext(), port.id, { device_id: router.id, device_owner: ROUTER_INTF });
      } else {
        const subnet = await this.#core.getSubnet(context, subnetId!);
        if (!subnet.gateway_ip) throw badRequest('Subnet for router interface must have a gateway IP');
        if (subnet.project_id !== context.projectId && !context.isAdmin) {
          throw badRequest(`Cannot add interface to router because subnet ${subnet.id} is not owned by project making the request`);
        }
        await this.#checkForDupRouterSubnets(session, router.id, [subnet]);
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
    const result = await this.#core.transactions.write(context, async (session) => {
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
      for (const subnet of await this.#subnets(removed.map((ip) => ip.subnet_id))) await this.#confirmNotInUse(db, id, subnet);
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

  async #row(session: Session, id: string): Promise<RoutersTable> {
    let query = l3View(session.db).selectFrom('routers').selectAll().where('id', '=', id);
    if (!session.context.seesAllProjects) query = query.where('project_id', '=', session.context.projectId ?? '');
    // Changes to one router queue behind each other on PostgreSQL and MySQL, so
    // that two concurrent interface adds cannot both pass the overlap check (an
    // SQLite write transaction already holds the whole file).
    if (session.writable && session.dialect !== 'sqlite') query = query.forUpdate();
    const row = await query.executeTakeFirst();
    if (!row) throw new RouterNotFound({ router_id: id });
    return row;
  }

  async #load(session: Session, id: string): Promise<ResourceDict> {
    return (await this.#dicts(session, [await this.#row(session, id)]))[0]!;
  }

  async #dicts(session: Session, rows: readonly RoutersTable[]): Promise<ResourceDict[]> {
    if (rows.length === 0) return [];
    const db = l3View(session.db);
    const ids = rows.map((row) => row.id);
    const routes = await db.selectFrom('routerroutes').selectAll().where('router_id', 'in', ids).execute();
    const gatewayPortIds = rows.map((row) => row.gw_port_id).filter((portId): portId is string => portId !== null);
    const gatewayIps =
      gatewayPortIds.length === 0
        ? []
        : await session.db.selectFrom('ipallocations').select(['port_id', 'subnet_id', 'ip_address']).where('port_id', 'in', gatewayPortIds).execute();
    const gatewayNetworks =
      gatewayPortIds.length === 0 ? [] : await session.db.selectFrom('ports').select(['id', 'network_id']).where('id', 'in', gatewayPortIds).execute();
    const tags = await resourceTags.load(session.db, ids);
    const hints = await routerAvailabilityZoneHints.ofRouters(db, ids);
    const zones = await this.#zones.zones(db, ids);
    const dicts: ResourceDict[] = rows.map((row) => {
      const networkId = gatewayNetworks.find((port) => port.id === row.gw_port_id)?.network_id;
      return {
        id: row.id,
        name: row.name,
        tenant_id: row.project_id,
        project_id: row.project_id,
        admin_state_up: Boolean(row.admin_state_up),
        status: row.status,
        description: row.description,
        tags: tags.get(row.id) ?? [],
        created_at: row.created_at,
        updated_at: row.updated_at,
        revision_number: Number(row.revision_number),
        external_gateway_info:
          row.gw_port_id === null || networkId === undefined
            ? null
            : {
                network_id: networkId,
                enable_snat: Boolean(row.enable_snat),
                external_fixed_ips: gatewayIps
                  .filter((ip) => ip.port_id === row.gw_port_id)
                  .map((ip) => ({ subnet_id: ip.subnet_id, ip_address: ip.ip_address })),
              },
        routes: routes.filter((route) => route.router_id === row.id).map((route) => ({ destination: route.destination, nexthop: route.nexthop })),
        availability_zone_hints: hints.get(row.id) ?? [],
        availability_zones: zones.get(row.id) ?? [],
      };
    });
    await this.hooks.extend(session, dicts);
    return dicts;
  }

  async #subnets(ids: readonly string[]): Promise<Subnet[]> {
    if (ids.length === 0) return [];
    return this.#core.getSubnets(getAdminContext(), { filters: { id: [...new Set(ids)] } });
  }

  /** neutron's _check_for_dup_router_subnets: no subnet twice, no overlapping CIDRs on one router. */
  async #checkForDupRouterSubnets(session: Session, routerId: string, newSubnets: readonly Subnet[]): Promise<void> {
    const admin = getAdminContext();
    const owned = await l3View(session.db).selectFrom('routerports').select(['port_id', 'port_type']).where('router_id', '=', routerId).execute();
    if (owned.length === 0) return;
    const ports = await this.#core.getPorts(admin, { filters: { id: owned.map((row) => row.port_id) } });
    const newIds = new Set(newSubnets.map((subnet) => subnet.id));
    const routerSubnetIds: string[] = [];
    for (const port of ports) {
      for (const ip of port.fixed_ips) {
        if (newIds.has(ip.subnet_id)) throw badRequest(`Router already has a port on subnet ${ip.subnet_id}`);
      }
      if (port.device_owner === ROUTER_GW) {
        const external = await this.#core.getSubnets(admin, { filters: { network_id: [port.network_id] } });
        routerSubnetIds.push(...external.map((subnet) => subnet.id));
      } else {
        routerSubnetIds.push(...port.fixed_ips.map((ip) => ip.subnet_id));
      }
    }
    for (const existing of await this.#subnets(routerSubnetIds)) {
      const cidr = parseCidr(existing.cidr)!;
      for (const subnet of newSubnets) {
        if (cidrsOverlap(cidr, parseCidr(subnet.cidr)!)) {
          throw badRequest(`Cidr ${subnet.cidr} of subnet ${subnet.id} overlaps with cidr ${existing.cidr} of subnet ${existing.id}`);
        }
      }
    }
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

  /** neutron's _update_router_gw_info with ext-gw-mode's enable_snat. */
  async #setGateway(session: Session, routerId: string, info: GatewayInfo): Promise<void> {
    const db = l3View(session.db);
    const admin = getAdminContext();
    const row = await this.#row(session, routerId);
    // As neutron's _validate_gw_info, the network as the caller sees it (every project sees external ones): NetworkNotFound (404) when none.
    await this.#core.getNetwork(session.context, info.network_id);
    if (!(await this.#external.isExternal(session, info.network_id))) throw badRequest(`Network ${info.network_id} is not an external network`);
    const requestedIps = Array.isArray(info.external_fixed_ips) ? (info.external_fixed_ips as FixedIp[]) : undefined;
    const subnets = await this.#core.getSubnets(admin, { filters: { network_id: [info.network_id] } });
    for (const ip of requestedIps ?? []) {
      if (subnets.some((subnet) => subnet.gateway_ip && ip.ip_address !== undefined && canonicalIpAddress(ip.ip_address) === subnet.gateway_ip)) {
        throw badRequest(`External IP ${ip.ip_address} is the same as the gateway IP`);
      }
    }
    const enableSnat = info.enable_snat ?? this.#settings.enableSnatByDefault;
    const current = row.gw_port_id === null ? undefined : await this.#core.getPort(admin, row.gw_port_id);
    const keepPort =
      current !== undefined && current.network_id === info.network_id && (requestedIps === undefined || sameIps(current.fixed_ips, requestedIps));
    if (!keepPort) {
      await this.#clearGateway(session, row, info.network_id);
      await this.#checkForDupRouterSubnets(session, routerId, subnets);
      const port = await this.#core.createPort(admin, {
        tenant_id: '',
        network_id: info.network_id,
        ...(requestedIps ? { fixed_ips: requestedIps } : {}),
        device_id: routerId,
        device_owner: ROUTER_GW,
        admin_state_up: true,
        name: '',
      });
      // A network without subnets leaves the gateway port without an address: neutron's _create_router_gw_port accepts it (and logs it).
      await db.insertInto('routerports').values({ router_id: routerId, port_id: port.id, port_type: ROUTER_GW }).execute();
      await db.updateTable('routers').set({ gw_port_id: port.id }).where('id', '=', routerId).execute();
    }
    await db
      .updateTable('routers')
      .set({ enable_snat: enableSnat ? 1 : 0 })
      .where('id', '=', routerId)
      .execute();
  }

  /** Removes the gateway; floating IPs through it keep it unless it stays on their network. */
  async #clearGateway(session: Session, row: RoutersTable, nextNetworkId?: string): Promise<void> {
    if (row.gw_port_id === null) return;
    const db = l3View(session.db);
    const admin = getAdminContext();
    const port = await this.#core.getPort(admin, row.gw_port_id);
    if (port.network_id !== nextNetworkId) {
      const floating = await db
        .selectFrom('floatingips')
        .select('id')
        .where('router_id', '=', row.id)
        .where('floating_network_id', '=', port.network_id)
        .executeTakeFirst();
      if (floating) throw new RouterExternalGatewayInUseByFloatingIp({ router_id: row.id, net_id: port.network_id });
    }
    await db.updateTable('routers').set({ gw_port_id: null }).where('id', '=', row.id).execute();
    await db.deleteFrom('routerports').where('port_id', '=', port.id).execute();
    await this.#core.deletePort(admin, port.id);
  }

  /** extraroute_db's _update_extra_routes, after _validate_routes. */
  async #setRoutes(session: Session, routerId: string, routes: readonly Route[]): Promise<void> {
    if (routes.length > this.#settings.maxRoutes) throw new RoutesExhausted({ router_id: routerId, quota: this.#settings.maxRoutes });
    await this.#validateRoutes(session, routerId, routes);
    const db = l3View(session.db);
    await db.deleteFrom('routerroutes').where('router_id', '=', routerId).execute();
    const unique = new Map(routes.map((route) => [`${route.destination}|${route.nexthop}`, route]));
    if (unique.size > 0) {
      await db
        .insertInto('routerroutes')
        .values([...unique.values()].map((route) => ({ router_id: routerId, destination: route.destination, nexthop: route.nexthop })))
        .execute();
    }
  }

  async #routes(db: L3Db, routerId: string): Promise<Route[]> {
    return db.selectFrom('routerroutes').select(['destination', 'nexthop']).where('router_id', '=', routerId).execute();
  }

  /** extraroute_db's _validate_routes: every nexthop on a router subnet, not one of the router's own addresses. */
  async #validateRoutes(session: Session, routerId: string, routes: readonly Route[]): Promise<void> {
    if (routes.length === 0) return;
    const db = l3View(session.db);
    const owned = await db.selectFrom('routerports').select('port_id').where('router_id', '=', routerId).execute();
    const ports = owned.length === 0 ? [] : await this.#core.getPorts(getAdminContext(), { filters: { id: owned.map((row) => row.port_id) } });
    const ips = ports.flatMap((port) => port.fixed_ips);
    const cidrs = (await this.#subnets(ips.map((ip) => ip.subnet_id))).map((subnet) => parseCidr(subnet.cidr)!);
    for (const route of routes) {
      const nexthop = parseIpAddress(route.nexthop);
      if (!nexthop || !cidrs.some((cidr) => cidrContains(cidr, nexthop))) {
        throw new InvalidRoutes({ routes: formatRoutes(routes), reason: 'the nexthop is not connected with router' });
      }
      if (ips.some((ip) => ip.ip_address !== undefined && canonicalIpAddress(ip.ip_address) === canonicalIpAddress(route.nexthop))) {
        throw new InvalidRoutes({ routes: formatRoutes(routes), reason: 'the nexthop is used by router' });
      }
    }
  }
}

interface GatewayInfo {
  network_id: string;
  enable_snat?: boolean;
  external_fixed_ips?: unknown;
}

function isGatewayInfo(value: unknown): value is GatewayInfo {
  return typeof value === 'object' && value !== null && typeof (value as Record<string, unknown>)['network_id'] === 'string';
}

function sameIps(current: readonly FixedIp[], requested: readonly FixedIp[]): boolean {
  if (current.length !== requested.length) return false;
  return requested.every((want) =>
    current.some(
      (have) =>
        (want.subnet_id === undefined || want.subnet_id === have.subnet_id) &&
        (want.ip_address === undefined || canonicalIpAddress(want.ip_address) === have.ip_address),
    ),
  );
}

function formatRoutes(routes: readonly Route[]): string {
  return JSON.stringify(routes);
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
