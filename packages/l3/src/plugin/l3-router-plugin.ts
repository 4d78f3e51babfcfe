import type { Context, ListOptions, Logger, ResourceDict, ResourceRequest, ServicePlugin } from '@net-server/lib';
import type { PluginInit } from 'net-server';
import { L3_ROUTER_NAT } from '../api/definitions.js';
import { enableSnatByDefault, maxRoutes } from '../config/options.js';
import { asL3CorePlugin, type L3CorePlugin } from './core-access.js';
import { ExternalNetworks } from './external-networks.js';
import { FloatingIps } from './floating-ips.js';
import { Routers, type RouterEvents } from './routers.js';

/**
 * The `router` service plugin (neutron's L3RouterPlugin): routers with
 * external gateways (`ext-gw-mode`) and static routes (`extraroute`),
 * floating IPs, and the `external-net` attribute of networks, on the
 * core plugin's database and ports.
 */
export class L3RouterPlugin implements ServicePlugin, RouterEvents {
  readonly pluginType = L3_ROUTER_NAT;
  readonly pluginDescription = 'L3 Router Service Plugin for basic L3 forwarding between (L2) Neutron networks and access to external networks via a NAT gateway.';
  readonly supportedExtensionAliases: readonly string[] = ['router', 'ext-gw-mode', 'extraroute', 'external-net'];
  readonly resources = ['routers', 'floatingips'];
  readonly routers: Routers;
  readonly floatingIps: FloatingIps;
  readonly #logger: Logger;

  constructor(init: PluginInit) {
    this.#logger = init.logger;
    const core: L3CorePlugin = asL3CorePlugin(init.directory.corePlugin);
    const external = new ExternalNetworks(core);
    this.routers = new Routers(
      core,
      external,
      { enableSnatByDefault: init.config.get('DEFAULT', enableSnatByDefault), maxRoutes: init.config.get('DEFAULT', maxRoutes) },
      this,
    );
    this.floatingIps = new FloatingIps(core, external, this);
  }

  createRouter(context: Context, body: ResourceRequest): Promise<ResourceDict> {
    return this.routers.createRouter(context, body);
  }
  updateRouter(context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    return this.routers.updateRouter(context, id, body);
  }
  deleteRouter(context: Context, id: string): Promise<void> {
    return this.routers.deleteRouter(context, id);
  }
  getRouter(context: Context, id: string): Promise<ResourceDict> {
    return this.routers.getRouter(context, id);
  }
  getRouters(context: Context, options?: ListOptions): Promise<ResourceDict[]> {
    return this.routers.getRouters(context, options);
  }
  getRoutersCount(context: Context, filters?: ListOptions['filters']): Promise<number> {
    return this.routers.getRoutersCount(context, filters);
  }
  addRouterInterface(context: Context, id: string, body: Record<string, unknown>): Promise<ResourceDict> {
    return this.routers.addRouterInterface(context, id, body);
  }
  removeRouterInterface(context: Context, id: string, body: Record<string, unknown>): Promise<ResourceDict> {
    return this.routers.removeRouterInterface(context, id, body);
  }

  createFloatingip(context: Context, body: ResourceRequest): Promise<ResourceDict> {
    return this.floatingIps.createFloatingip(context, body);
  }
  updateFloatingip(context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    return this.floatingIps.updateFloatingip(context, id, body);
  }
  deleteFloatingip(context: Context, id: string): Promise<void> {
    return this.floatingIps.deleteFloatingip(context, id);
  }
  getFloatingip(context: Context, id: string): Promise<ResourceDict> {
    return this.floatingIps.getFloatingip(context, id);
  }
  getFloatingips(context: Context, options?: ListOptions): Promise<ResourceDict[]> {
    return this.floatingIps.getFloatingips(context, options);
  }
  getFloatingipsCount(context: Context, filters?: ListOptions['filters']): Promise<number> {
    return this.floatingIps.getFloatingipsCount(context, filters);
  }

  routersUpdated(context: Context, routerIds: readonly string[], operation: string): void {
    this.#logger.debug('routers updated', { router_ids: routerIds, operation, request_id: context.requestId });
  }
  routerDeleted(context: Context, routerId: string): void {
    this.#logger.debug('router deleted', { router_id: routerId, request_id: context.requestId });
  }
}
