import {
  AdminRequired,
  pluginTypes,
  topics,
  type Context,
  type ListOptions,
  type Logger,
  type ResourceDict,
  type ResourceRequest,
  type ServicePlugin,
  type TagsCapable,
  type Worker,
} from '@net-server/lib';
import { createConnection, getRpcTransport, type RpcServer, type Transport } from '@net-server/rpc';
import { bumpRevision, HTTPNotFound, type PluginInit } from 'net-server';
import { hostname } from 'node:os';
import { L3_ROUTER_NAT } from '../api/definitions.js';
import { L3_FLAVORS } from '../api/l3-flavors.js';
import { allowAutomaticL3agentFailover, enableSnatByDefault, maxRoutes, routerAutoSchedule, routerSchedulerDriver } from '../config/options.js';
import { L3AgentNotifier } from '../rpc/l3-agent-notifier.js';
import { L3RpcCallback } from '../rpc/l3-rpc-callback.js';
import { RouterSyncData, type RouterSyncExtender } from '../rpc/sync-data.js';
import { L3AgentFailoverWorker } from '../scheduler/l3-agent-failover-worker.js';
import { routerScheduler } from '../scheduler/l3-scheduler.js';
import { agentSource, RouterScheduling } from '../scheduler/router-scheduling.js';
import { asL3CorePlugin, type L3CorePlugin } from './core-access.js';
import { ExternalNetworks } from './external-networks.js';
import { floatingIpPools } from './floating-ip-pools.js';
import { FloatingIps } from './floating-ips.js';
import { RouterAvailabilityZones } from './router-availability-zones.js';
import { asFlavorsService, attachRouterFlavors } from './router-flavors.js';
import type { RouterModes } from './router-modes.js';
import { routerModes } from './router-modes-wiring.js';
import { routerPortIpGuard } from './router-port-ip-guard.js';
import { Routers } from './routers.js';

/**
 * The `router` service plugin (neutron's L3RouterPlugin): routers with
 * external gateways (`ext-gw-mode`) and static routes (`extraroute`,
 * `extraroute-atomic`),
 * floating IPs, the `external-net` attribute of networks, and, when the
 * core plugin has agents (ML2), routers scheduled to L3 agents
 * (`l3_agent_scheduler`), the agents' RPC API on `q-l3-plugin` and
 * notifications on `l3_agent`. Routers and floating IPs carry tags
 * (TagsCapable) for the `tag` service plugin.
 */
export class L3RouterPlugin implements ServicePlugin, TagsCapable {
  readonly pluginType = L3_ROUTER_NAT;
  readonly pluginDescription =
    'L3 Router Service Plugin for basic L3 forwarding between (L2) Neutron networks and access to external networks via a NAT gateway.';
  /** l3-flavors joins them once the flavors plugin is found loaded (pluginsLoaded). */
  supportedExtensionAliases: readonly string[];
  readonly resources = ['routers', 'floatingips', 'floatingip_pools'];
  readonly taggableCollections = ['routers', 'floatingips'];
  readonly routers: Routers;
  readonly floatingIps: FloatingIps;
  /** Routers' `distributed` and `ha` (dvr, l3-ha) and HA routers' VRIDs. */
  readonly routerModes: RouterModes;
  /** What other service plugins add to the routers L3 agents sync (add yours while the server loads, before RPC starts). */
  readonly routerSyncExtenders = new Set<RouterSyncExtender>();
  /** Absent when the core plugin has no agents. */
  readonly scheduling: RouterScheduling | undefined;
  readonly #init: PluginInit;
  readonly #core: L3CorePlugin;
  readonly #logger: Logger;
  readonly #notifier: L3AgentNotifier;
  #transport: Promise<Transport> | undefined;
  #detachFlavors: (() => void) | undefined;

  constructor(init: PluginInit) {
    this.#init = init;
    this.#logger = init.logger;
    this.#core = asL3CorePlugin(init.directory.corePlugin);
    const agents = agentSource(this.#core);
    this.scheduling = agents
      ? new RouterScheduling(
          this.#core,
          agents,
          routerScheduler(init.config.get('DEFAULT', routerSchedulerDriver)),
          this.#logger,
          defaultAvailabilityZones(init.config.value('DEFAULT', 'default_availability_zones')),
        )
      : undefined;
    const notifier = new L3AgentNotifier(() => this.transport(), this.scheduling, init.config.get('DEFAULT', routerAutoSchedule), this.#logger);
    this.#notifier = notifier;
    const external = new ExternalNetworks(this.#core);
    const settings = { enableSnatByDefault: init.config.get('DEFAULT', enableSnatByDefault), maxRoutes: init.config.get('DEFAULT', maxRoutes) };
    this.routers = new Routers(this.#core, external, settings, notifier, new RouterAvailabilityZones(agents));
    this.floatingIps = new FloatingIps(this.#core, external, notifier);
    this.routerModes = this.#routerModes();
    this.routers.hooks.add(this.routerModes.hooks);
    this.#core.hooks.add('port', routerPortIpGuard);
    this.supportedExtensionAliases = [
      'router',
      'ext-gw-mode',
      'extraroute',
      'extraroute-atomic',
      'fip-port-details',
      'external-net',
      'floatingip-pools',
      'l3-port-ip-change-not-allowed',
      'dvr',
      'l3-ha',
      'router-admin-state-down-before-update',
      ...(this.scheduling ? ['l3_agent_scheduler', 'router_availability_zone'] : []),
    ];
  }

  #routerModes(): RouterModes {
    return routerModes(this.#core, this.#init.config, this.scheduling, this.#notifier, this.#logger);
  }

  /** TagsCapable: a router or floating IP whose tags changed has a new revision (neutron's tag revises_on_change). */
  tagsChanged(context: Context, collection: string, id: string): Promise<boolean> {
    const table = collection === 'routers' ? 'routers' : collection === 'floatingips' ? 'floatingips' : undefined;
    if (table === undefined) return Promise.resolve(false);
    return this.#core.transactions.write(context, (session) => bumpRevision(session.db, table, id));
  }

  /** With the flavors plugin loaded (one of neutron's default service plugins): routers take a flavor_id (l3-flavors). */
  pluginsLoaded(): void {
    const flavors = asFlavorsService(this.#init.directory.get(pluginTypes.FLAVORS));
    if (!flavors || this.#detachFlavors) return;
    this.#detachFlavors = attachRouterFlavors(this.routers.hooks, flavors);
    this.supportedExtensionAliases = [...this.supportedExtensionAliases, L3_FLAVORS.alias];
  }

  /** Closes the RPC transport this plugin built, if it did, and leaves the flavors plugin. */
  async close(): Promise<void> {
    this.#detachFlavors?.();
    this.#detachFlavors = undefined;
    const built = this.#transport;
    this.#transport = undefined;
    if (built !== undefined) await (await built).cleanup();
  }

  /** The RPC transport agents reach this server on, built from `transport_url` on first use. */
  transport(): Promise<Transport> {
    const config = this.#init.config;
    this.#transport ??= getRpcTransport(
      {
        transport_url: String(config.value('DEFAULT', 'transport_url') ?? '') || undefined,
        control_exchange: String(config.value('DEFAULT', 'control_exchange') ?? 'neutron'),
        rpc_response_timeout: Number(config.value('DEFAULT', 'rpc_response_timeout') ?? 60),
      },
      // Transports installed for the server's application, which need not be the working directory.
      { logger: this.#logger, root: this.#init.discovery.root, paths: this.#init.discovery.paths },
    );
    return this.#transport;
  }

  /** With `allow_automatic_l3agent_failover` and agents to schedule to: the failover task. */
  getWorkers(): Worker[] {
    if (!this.scheduling || !this.#init.config.get('DEFAULT', allowAutomaticL3agentFailover)) return [];
    const agentDownTime = Number(this.#init.config.value('DEFAULT', 'agent_down_time') ?? 75);
    return [new L3AgentFailoverWorker(this.scheduling, this.#notifier, agentDownTime, this.#logger)];
  }

  /** Serves L3 agents on `q-l3-plugin`; the server's RpcWorker runs and stops it. */
  async startRpcListeners(): Promise<RpcServer[]> {
    const connection = createConnection(await this.transport(), { logger: this.#logger });
    const callback = new L3RpcCallback({
      core: this.#core,
      floatingIps: this.floatingIps,
      syncData: new RouterSyncData(this.#core, this.routers, this.floatingIps, this.routerSyncExtenders),
      scheduling: this.scheduling,
      autoSchedule: this.#init.config.get('DEFAULT', routerAutoSchedule),
      servicePlugins: () => [...this.#init.directory.plugins.keys()],
      logger: this.#logger,
    });
    connection.createConsumer(topics.L3PLUGIN, [callback], { server: String(this.#init.config.value('DEFAULT', 'host') ?? '') || hostname() });
    return connection.consume();
  }

  createRouter(context: Context, body: ResourceRequest): Promise<ResourceDict> {
    return this.routers.create(context, body);
  }
  updateRouter(context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    return this.routers.update(context, id, body);
  }
  deleteRouter(context: Context, id: string): Promise<void> {
    return this.routers.delete(context, id);
  }
  getRouter(context: Context, id: string): Promise<ResourceDict> {
    return this.routers.get(context, id);
  }
  getRouters(context: Context, options?: ListOptions): Promise<ResourceDict[]> {
    return this.routers.list(context, options);
  }
  getRoutersCount(context: Context, filters?: ListOptions['filters']): Promise<number> {
    return this.routers.count(context, filters);
  }
  addRouterInterface(context: Context, id: string, body: Record<string, unknown>): Promise<ResourceDict> {
    return this.routers.addRouterInterface(context, id, body);
  }
  removeRouterInterface(context: Context, id: string, body: Record<string, unknown>): Promise<ResourceDict> {
    return this.routers.removeRouterInterface(context, id, body);
  }
  addExtraroutes(context: Context, id: string, body: Record<string, unknown>): Promise<{ router: ResourceDict }> {
    return this.routers.addExtraroutes(context, id, body);
  }
  removeExtraroutes(context: Context, id: string, body: Record<string, unknown>): Promise<{ router: ResourceDict }> {
    return this.routers.removeExtraroutes(context, id, body);
  }

  /** `GET /v2.0/routers/{id}/l3-agents`, answered as `{"agents": [...]}`; admins only, as neutron's `get_l3-agents` policy (403 before any lookup). */
  async getRouterL3Agents(context: Context, routerId: string): Promise<ResourceDict[]> {
    if (!context.isAdmin) throw new AdminRequired({ reason: 'get_l3-agents is for admins only' });
    await this.routers.get(context, routerId);
    return (await this.scheduling?.agentsHosting([routerId]))?.get(routerId) ?? [];
  }

  /** `GET /v2.0/agents/{id}/l3-routers`, answered as `{"routers": [...]}`: the routers bound to the agent; admins only (`get_l3-routers`). */
  async getAgentL3Routers(context: Context, agentId: string, options: ListOptions = {}): Promise<ResourceDict[]> {
    if (!context.isAdmin) throw new AdminRequired({ reason: 'get_l3-routers is for admins only' });
    const bound = (await this.scheduling?.routerIdsOnAgent(agentId)) ?? [];
    const wanted = options.filters?.['id']?.map(String);
    const ids = wanted ? bound.filter((id) => wanted.includes(id)) : bound;
    return ids.length === 0 ? [] : this.routers.list(context, { ...options, filters: { ...options.filters, id: ids } });
  }

  createFloatingip(context: Context, body: ResourceRequest): Promise<ResourceDict> {
    return this.floatingIps.create(context, body);
  }
  updateFloatingip(context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    return this.floatingIps.update(context, id, body);
  }
  deleteFloatingip(context: Context, id: string): Promise<void> {
    return this.floatingIps.delete(context, id);
  }
  getFloatingip(context: Context, id: string): Promise<ResourceDict> {
    return this.floatingIps.get(context, id);
  }
  getFloatingips(context: Context, options?: ListOptions): Promise<ResourceDict[]> {
    return this.floatingIps.list(context, options);
  }
  getFloatingipsCount(context: Context, filters?: ListOptions['filters']): Promise<number> {
    return this.floatingIps.count(context, filters);
  }
  getFloatingipPools(context: Context, options?: ListOptions): Promise<ResourceDict[]> {
    return floatingIpPools(this.#core.transactions, context, options);
  }
  /** neutron serves the pools as a list only: no pool is found by an id. */
  getFloatingipPool(): Promise<ResourceDict> {
    return Promise.reject(new HTTPNotFound({}));
  }
}

/** default_availability_zones, which ML2 declares: a list once parsed, the raw text otherwise. */
function defaultAvailabilityZones(value: unknown): string[] {
  const items = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(',') : [];
  return items.map((item) => item.trim()).filter((item) => item !== '');
}
