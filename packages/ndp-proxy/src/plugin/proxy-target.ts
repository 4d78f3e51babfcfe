import { BadRequest, canonicalIpAddress, type Context, type CorePlugin, type FixedIp, type ResourceDict } from '@net-server/lib';
import type { Session } from 'net-server';
import { ENABLE_NDP_PROXY } from '../api/definitions.js';
import { ndpView } from '../db/schema.js';
import { AddressScopeConflict, InvalidAddress, NDPProxyDuplicate, PortUnreachableRouter, RouterNDPProxyNotEnable } from '../errors.js';
import { ipv6AddressScope, ipv6FixedIps, isIpv6, routerPortsOn } from './ipv6-topology.js';

/** What the plugin uses of the router plugin: a router as the caller sees it (RouterNotFound otherwise). */
export interface RouterLookup {
  getRouter(context: Context, id: string): Promise<ResourceDict>;
}

/** The router, port and IPv6 address a new proxy stands for. */
export interface ProxyTarget {
  router_id: string;
  port_id: string;
  ip_address: string;
}

/**
 * neutron's _check_port: the port has an IPv6 address; the one asked for
 * is the port's, on a subnet the router is on; none asked for, the port's
 * first on such a subnet.
 */
function chooseAddress(portId: string, routerId: string, portIps: readonly FixedIp[], routerSubnets: ReadonlySet<string>, asked: string | null): string {
  const v6 = portIps.filter((ip) => isIpv6(ip.ip_address));
  if (v6.length === 0) throw new BadRequest({ resource: 'ndp_proxy', msg: `Requested port ${portId} must allocate one IPv6 address at least` });
  if (asked === null) {
    const reachable = v6.find((ip) => routerSubnets.has(ip.subnet_id));
    if (!reachable) throw new PortUnreachableRouter({ port_id: portId, router_id: routerId });
    return String(reachable.ip_address);
  }
  const wanted = canonicalIpAddress(asked);
  const own = v6.find((ip) => canonicalIpAddress(String(ip.ip_address)) === wanted);
  if (!own) throw new InvalidAddress({ address: asked, reason: `This address not belong to the port ${portId}` });
  if (!routerSubnets.has(own.subnet_id)) throw new InvalidAddress({ address: asked, reason: `This address cannot reach the router ${routerId}` });
  return String(own.ip_address);
}

/**
 * neutron's create_ndp_proxy checks, in the create's transaction: the port
 * (as the caller sees it) shares a network with the router, whose
 * enable_ndp_proxy is on; the address is chosen or checked; the external
 * and the internal network are in the same IPv6 address scope; no other
 * proxy of the router has the address.
 */
export async function resolveTarget(session: Session, core: CorePlugin, routers: RouterLookup, body: Readonly<Record<string, unknown>>): Promise<ProxyTarget> {
  const context = session.context;
  const routerId = String(body['router_id']);
  const port = await core.getPort(context, String(body['port_id']));
  const routerPorts = await routerPortsOn(session, routerId, port.network_id);
  if (routerPorts.length === 0) throw new PortUnreachableRouter({ router_id: routerId, port_id: port.id });
  const router = await routers.getRouter(context, routerId);
  if (router[ENABLE_NDP_PROXY] !== true) throw new RouterNDPProxyNotEnable({ router_id: routerId });
  const gateway = router['external_gateway_info'] as { network_id: string };
  const externalScope = await ipv6AddressScope(session, gateway.network_id);
  const routerSubnets = new Set((await ipv6FixedIps(session, routerPorts)).map((ip) => ip.subnet_id));
  const asked = typeof body['ip_address'] === 'string' ? body['ip_address'] : null;
  const address = chooseAddress(port.id, routerId, port.fixed_ips, routerSubnets, asked);
  const internalScope = await ipv6AddressScope(session, port.network_id);
  if (externalScope !== internalScope) throw new AddressScopeConflict({ ext_address_scope: externalScope, internal_address_scope: internalScope });
  const same = await ndpView(session)
    .selectFrom('ndp_proxies')
    .select('id')
    .where('router_id', '=', routerId)
    .where('ip_address', '=', address)
    .executeTakeFirst();
  if (same) throw new NDPProxyDuplicate({ values: `['${routerId}', '${address}']` });
  return { router_id: routerId, port_id: port.id, ip_address: address };
}
