import { isAttrSpecified, type ResourceDict } from '@net-server/lib';
import type { ResourceHooks, Session } from 'net-server';
import { ENABLE_NDP_PROXY } from '../api/definitions.js';
import { ndpView } from '../db/schema.js';
import { RouterGatewayInUseByNDPProxy, RouterGatewayNotValid, RouterIPv6GatewayInUse } from '../errors.js';
import { isIpv6, networkSupportsNdpProxy } from './ipv6-topology.js';

interface GatewayInfo {
  network_id: string;
  external_fixed_ips?: { subnet_id?: string; ip_address?: string }[];
}

function gatewayOf(value: unknown): GatewayInfo | undefined {
  return typeof value === 'object' && value !== null && typeof (value as GatewayInfo).network_id === 'string' ? (value as GatewayInfo) : undefined;
}

/** The request's enable_ndp_proxy: undefined when left out (neutron's ATTR_NOT_SPECIFIED), null as false (neutron's column is not null). */
function askedState(request: Readonly<Record<string, unknown>>): boolean | undefined {
  const value = request[ENABLE_NDP_PROXY];
  if (value === undefined || !isAttrSpecified(value)) return undefined;
  return value === true;
}

async function storedState(session: Session, routerId: string): Promise<boolean> {
  const row = await ndpView(session).selectFrom('router_ndp_proxy_state').select('enable_ndp_proxy').where('router_id', '=', routerId).executeTakeFirst();
  return row !== undefined && Boolean(Number(row.enable_ndp_proxy));
}

async function storeState(session: Session, routerId: string, enabled: boolean): Promise<void> {
  const db = ndpView(session);
  const value = enabled ? 1 : 0;
  const updated = await db.updateTable('router_ndp_proxy_state').set({ enable_ndp_proxy: value }).where('router_id', '=', routerId).executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) await db.insertInto('router_ndp_proxy_state').values({ router_id: routerId, enable_ndp_proxy: value }).execute();
}

async function hasProxies(session: Session, routerId: string): Promise<boolean> {
  return (await ndpView(session).selectFrom('ndp_proxies').select('id').where('router_id', '=', routerId).executeTakeFirst()) !== undefined;
}

/** neutron's _gateway_is_valid: the router's gateway network supports NDP proxies and its port has an IPv6 address. */
async function gatewaySupportsNdpProxy(session: Session, router: ResourceDict): Promise<boolean> {
  const gateway = gatewayOf(router['external_gateway_info']);
  if (!gateway || !(await networkSupportsNdpProxy(session, gateway.network_id))) return false;
  return (gateway.external_fixed_ips ?? []).some((ip) => isIpv6(ip.ip_address));
}

/** neutron's ROUTER_GATEWAY BEFORE_UPDATE check: new gateway addresses of a router with NDP proxy on keep an IPv6 one. */
async function checkGatewayIpsKeepIpv6(session: Session, routerId: string, requested: GatewayInfo): Promise<void> {
  const ips = requested.external_fixed_ips ?? [];
  if (ips.length === 0 || !(await storedState(session, routerId))) return;
  if (ips.some((ip) => isIpv6(ip.ip_address))) return;
  const subnetIds = ips.flatMap((ip) => (typeof ip.subnet_id === 'string' ? [ip.subnet_id] : []));
  if (subnetIds.length > 0) {
    const v6 = await ndpView(session).selectFrom('subnets').select('id').where('id', 'in', subnetIds).where('ip_version', '=', 6).executeTakeFirst();
    if (v6) return;
  }
  throw new RouterIPv6GatewayInUse({ router_id: routerId });
}

/**
 * neutron's NDPProxyPlugin router callbacks, as hooks of the router
 * plugin's routers: a router's `enable_ndp_proxy` (false without a
 * gateway), set on create from the request or, left out, from
 * `enable_ndp_proxy_by_default` when the gateway network allows it, and on
 * every update from the request or, left out, from whether the gateway
 * allows it (as neutron's PRECOMMIT_UPDATE does). A gateway removed or
 * replaced under proxies is refused.
 */
export function routerNdpStateHooks(enabledByDefault: boolean): ResourceHooks {
  return {
    async extendDicts(session, routers) {
      const ids = routers.filter((router) => gatewayOf(router['external_gateway_info'])).map((router) => String(router['id']));
      const rows = ids.length === 0 ? [] : await ndpView(session).selectFrom('router_ndp_proxy_state').selectAll().where('router_id', 'in', ids).execute();
      const enabled = new Set(rows.filter((row) => Boolean(Number(row.enable_ndp_proxy))).map((row) => row.router_id));
      for (const router of routers) router[ENABLE_NDP_PROXY] = enabled.has(String(router['id']));
    },

    async precommitCreate(session, request, router) {
      const routerId = String(router['id']);
      let asked = askedState(request);
      const gateway = gatewayOf(request['external_gateway_info']);
      if (!gateway && asked === true) {
        throw new RouterGatewayNotValid({ router_id: routerId, reason: 'The request body not contain external gateway information' });
      }
      if ((asked === undefined && !gateway) || (gateway && asked === false)) return;
      if (gateway && asked !== false) {
        const supported = await networkSupportsNdpProxy(session, gateway.network_id);
        if (!supported && asked === true) {
          const reason = `The external network ${gateway.network_id} don't support IPv6 ndp proxy, the network has no IPv6 subnets or has no IPv6 address scope`;
          throw new RouterGatewayNotValid({ router_id: routerId, reason });
        }
        if (asked === undefined) asked = supported && enabledByDefault;
      }
      await storeState(session, routerId, asked === true);
    },

    async precommitUpdate(session, request, original, updated) {
      const routerId = String(updated['id']);
      const asked = askedState(request);
      const before = gatewayOf(original['external_gateway_info']);
      const after = gatewayOf(updated['external_gateway_info']);
      if (before && before.network_id !== after?.network_id) {
        // neutron's ROUTER_GATEWAY BEFORE_DELETE: the gateway port goes.
        if (await hasProxies(session, routerId)) throw new RouterGatewayInUseByNDPProxy({ router_id: routerId });
        if (asked === true) throw new RouterGatewayNotValid({ router_id: routerId, reason: "The router's external gateway will be unset" });
      } else if (before && after) {
        const requested = gatewayOf(request['external_gateway_info']);
        if (requested) await checkGatewayIpsKeepIpv6(session, routerId, requested);
      }
      const supported = await gatewaySupportsNdpProxy(session, updated);
      if (asked === true && !supported) {
        const reason = 'The router has no external gateway or the external gateway port has no IPv6 address or IPv6 address scope';
        throw new RouterGatewayNotValid({ router_id: routerId, reason });
      }
      await storeState(session, routerId, asked ?? supported);
    },
  };
}
