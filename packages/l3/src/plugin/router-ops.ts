import {
  BadRequest,
  canonicalIpAddress,
  cidrContains,
  cidrsOverlap,
  constants,
  getAdminContext,
  parseCidr,
  parseIpAddress,
  type FixedIp,
  type ResourceDict,
  type Subnet,
} from '@net-server/lib';
import {
  bumpRevision,
  given,
  givenBoolean,
  givenList,
  givenString,
  givenStrings,
  newStandardColumns,
  owningProject,
  resourceTags,
  selectRows,
  standardAttributes,
  type RequestBody,
  type ResourceOps,
  type RowFilter,
  type RowPage,
  type Session,
} from 'net-server';
import { randomUUID } from 'node:crypto';
import { InvalidRoutes, RouterExternalGatewayInUseByFloatingIp, RouterInUse, RouterNotFound, RoutesExhausted } from '../errors.js';
import { routerAvailabilityZoneHints } from '../db/router-availability-zone-hints.js';
import { l3View, type L3Db, type RoutersTable } from '../db/schema.js';
import type { L3CorePlugin } from './core-access.js';
import type { ExternalNetworks } from './external-networks.js';
import type { Route } from './extra-routes.js';
import type { RouterAvailabilityZones } from './router-availability-zones.js';

const ROUTER_GW = constants.DEVICE_OWNER_ROUTER_GW;

export interface RouterSettings {
  enableSnatByDefault: boolean;
  maxRoutes: number;
}

export function badRequest(msg: string): Error {
  return new BadRequest({ resource: 'router', msg });
}

/**
 * The `routers` collection's rows (neutron's L3_NAT_dbonly_mixin with
 * L3_NAT_db_mixin's gateway mode and ExtraRoute_dbonly_mixin): the router
 * row, its gateway port (the core plugin's, made and deleted in the same
 * transaction), its static routes and availability zone hints. A router is
 * its project's; an id lookup in a write transaction locks the row, so that
 * changes to one router on several servers queue behind each other.
 */
export class RouterOps implements ResourceOps<RoutersTable> {
  readonly member = 'router';
  readonly narrowBy = ['id', 'project_id'];
  readonly #core: L3CorePlugin;
  readonly #external: ExternalNetworks;
  readonly #settings: RouterSettings;
  readonly #zones: RouterAvailabilityZones;

  constructor(core: L3CorePlugin, external: ExternalNetworks, settings: RouterSettings, zones: RouterAvailabilityZones) {
    this.#core = core;
    this.#external = external;
    this.#settings = settings;
    this.#zones = zones;
  }

  notFound(id: string): Error {
    return new RouterNotFound({ router_id: id });
  }

  loadRows(session: Session, filter?: RowFilter, page?: RowPage): Promise<RoutersTable[]> {
    let query = l3View(session.db).selectFrom('routers').selectAll();
    if (!session.context.seesAllProjects) query = query.where('project_id', '=', session.context.projectId ?? '');
    // Two concurrent interface adds cannot both pass the overlap check (an SQLite write transaction already holds the whole file).
    if (filter?.column === 'id' && session.writable && session.dialect !== 'sqlite') query = query.forUpdate();
    return selectRows(query, filter, page);
  }

  async makeDicts(session: Session, rows: readonly RoutersTable[]): Promise<ResourceDict[]> {
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
    return rows.map((row) => {
      const networkId = gatewayNetworks.find((port) => port.id === row.gw_port_id)?.network_id;
      return {
        id: row.id,
        name: row.name,
        tenant_id: row.project_id,
        project_id: row.project_id,
        admin_state_up: Boolean(row.admin_state_up),
        status: row.status,
        ...standardAttributes(row, tags.get(row.id) ?? []),
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
  }

  async insert(session: Session, body: RequestBody): Promise<string> {
    const hints = givenList(body, 'availability_zone_hints')?.map(String) ?? [];
    await this.#zones.validate(hints);
    const row: RoutersTable = {
      id: randomUUID(),
      project_id: owningProject(body, session.context.projectId),
      name: givenString(body, 'name') ?? '',
      status: constants.ROUTER_STATUS_ACTIVE,
      admin_state_up: givenBoolean(body, 'admin_state_up') === false ? 0 : 1,
      gw_port_id: null,
      enable_snat: 1,
      ...newStandardColumns(givenString(body, 'description') ?? ''),
    };
    await l3View(session.db).insertInto('routers').values(row).execute();
    await routerAvailabilityZoneHints.put(l3View(session.db), row.id, hints);
    const gateway = given(body, 'external_gateway_info');
    if (isGatewayInfo(gateway)) await this.#setGateway(session, row, gateway);
    return row.id;
  }

  /** Every update is a new revision, as neutron's routers' (their gateway and routes live in rows of their own). */
  async update(session: Session, row: RoutersTable, body: RequestBody): Promise<void> {
    const db = l3View(session.db);
    const changes: Partial<RoutersTable> = { ...givenStrings(body, ['name', 'description']) };
    const adminStateUp = givenBoolean(body, 'admin_state_up');
    if (adminStateUp !== undefined) changes.admin_state_up = adminStateUp ? 1 : 0;
    const newRoutes = (givenList(body, 'routes') ?? undefined) as Route[] | undefined;
    const gateway = given(body, 'external_gateway_info');
    if (gateway !== undefined) {
      if (isGatewayInfo(gateway)) await this.#setGateway(session, row, gateway);
      else await this.#clearGateway(session, row);
      // Routes through the old gateway's subnets must still have a nexthop the router reaches.
      if (!newRoutes) await this.#validateRoutes(session, row.id, await this.routes(db, row.id));
    }
    if (newRoutes) await this.#setRoutes(session, row.id, newRoutes);
    if (Object.keys(changes).length > 0) await db.updateTable('routers').set(changes).where('id', '=', row.id).execute();
    await bumpRevision(session.db, 'routers', row.id);
  }

  /** A router with interfaces is in use; its gateway goes with it. */
  async release(session: Session, row: RoutersTable): Promise<void> {
    const interfaces = await l3View(session.db)
      .selectFrom('routerports')
      .select('port_id')
      .where('router_id', '=', row.id)
      .where('port_type', '!=', ROUTER_GW)
      .execute();
    if (interfaces.length > 0) throw new RouterInUse({ router_id: row.id });
  }

  async remove(session: Session, row: RoutersTable): Promise<void> {
    await this.#clearGateway(session, row);
    await l3View(session.db).deleteFrom('routers').where('id', '=', row.id).execute();
    await resourceTags.remove(session.db, row.id);
  }

  async routes(db: L3Db, routerId: string): Promise<Route[]> {
    return db.selectFrom('routerroutes').select(['destination', 'nexthop']).where('router_id', '=', routerId).execute();
  }

  async subnets(ids: readonly string[]): Promise<Subnet[]> {
    if (ids.length === 0) return [];
    return this.#core.getSubnets(getAdminContext(), { filters: { id: [...new Set(ids)] } });
  }

  /** neutron's _check_for_dup_router_subnets: no subnet twice, no overlapping CIDRs on one router. */
  async checkForDupRouterSubnets(session: Session, routerId: string, newSubnets: readonly Subnet[]): Promise<void> {
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
    for (const existing of await this.subnets(routerSubnetIds)) {
      const cidr = parseCidr(existing.cidr)!;
      for (const subnet of newSubnets) {
        if (cidrsOverlap(cidr, parseCidr(subnet.cidr)!)) {
          throw badRequest(`Cidr ${subnet.cidr} of subnet ${subnet.id} overlaps with cidr ${existing.cidr} of subnet ${existing.id}`);
        }
      }
    }
  }

  /** neutron's _update_router_gw_info with ext-gw-mode's enable_snat. */
  async #setGateway(session: Session, row: RoutersTable, info: GatewayInfo): Promise<void> {
    const db = l3View(session.db);
    const admin = getAdminContext();
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
      await this.checkForDupRouterSubnets(session, row.id, subnets);
      const port = await this.#core.createPort(admin, {
        tenant_id: '',
        network_id: info.network_id,
        ...(requestedIps ? { fixed_ips: requestedIps } : {}),
        device_id: row.id,
        device_owner: ROUTER_GW,
        admin_state_up: true,
        name: '',
      });
      // A network without subnets leaves the gateway port without an address: neutron's _create_router_gw_port accepts it (and logs it).
      await db.insertInto('routerports').values({ router_id: row.id, port_id: port.id, port_type: ROUTER_GW }).execute();
      await db.updateTable('routers').set({ gw_port_id: port.id }).where('id', '=', row.id).execute();
    }
    await db
      .updateTable('routers')
      .set({ enable_snat: enableSnat ? 1 : 0 })
      .where('id', '=', row.id)
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

  /** extraroute_db's _validate_routes: every nexthop on a router subnet, not one of the router's own addresses. */
  async #validateRoutes(session: Session, routerId: string, routes: readonly Route[]): Promise<void> {
    if (routes.length === 0) return;
    const db = l3View(session.db);
    const owned = await db.selectFrom('routerports').select('port_id').where('router_id', '=', routerId).execute();
    const ports = owned.length === 0 ? [] : await this.#core.getPorts(getAdminContext(), { filters: { id: owned.map((row) => row.port_id) } });
    const ips = ports.flatMap((port) => port.fixed_ips);
    const cidrs = (await this.subnets(ips.map((ip) => ip.subnet_id))).map((subnet) => parseCidr(subnet.cidr)!);
    for (const route of routes) {
      const nexthop = parseIpAddress(route.nexthop);
      if (!nexthop || !cidrs.some((cidr) => cidrContains(cidr, nexthop))) {
        throw new InvalidRoutes({ routes: JSON.stringify(routes), reason: 'the nexthop is not connected with router' });
      }
      if (ips.some((ip) => ip.ip_address !== undefined && canonicalIpAddress(ip.ip_address) === canonicalIpAddress(route.nexthop))) {
        throw new InvalidRoutes({ routes: JSON.stringify(routes), reason: 'the nexthop is used by router' });
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
