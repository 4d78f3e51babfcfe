import type { ExtensionDescriptor } from '../api/extension-descriptor.js';
import type { RpcServerLike } from './rpc-server-like.js';
import type { SubresourceController } from './subresource-controller.js';
import type { ResourceMethods } from './resource-methods.js';
import type { Network, Port, Subnet, SubnetPool } from './resources.js';
import type { Worker } from './worker.js';

/**
 * What every plugin, core or service, may offer the server besides its
 * resources (neutron's WorkerBase and the RPC hooks of NeutronPluginBaseV2).
 */
export interface PluginBase {
  /** API extensions this plugin implements, by alias. */
  readonly supportedExtensionAliases?: readonly string[];
  /**
   * An extension this plugin supports as this server serves it, asked once
   * every plugin has loaded, when the API is built: an extension that
   * applies to other plugins' resources is narrowed or widened to those it
   * applies to here (the tag plugin's, to the collections whose plugins
   * keep tags). Without it, the catalog's descriptor is served.
   */
  adaptExtension?(descriptor: ExtensionDescriptor): ExtensionDescriptor;
  /**
   * Called once every plugin of the server has loaded, in loading order,
   * before the API is built and workers start: where a plugin attaches
   * itself to another one that may have loaded after it (QoS to L3's
   * floating IPs and routers). A failure fails the server's start.
   */
  pluginsLoaded?(): void | Promise<void>;
  /**
   * What a create of one `member` makes besides it, by quota name, which
   * the quota check before the create counts too (neutron's
   * make_reservation deltas): ML2's security groups come with an egress
   * rule per ethertype (`{ security_group_rule: 2 }`).
   */
  quotaCompanions?(member: string): Readonly<Record<string, number>>;
  /** Controllers of the sub-resources this plugin's extensions declare in `controllerSubresources`, by collection name. */
  readonly subresourceControllers?: Readonly<Record<string, SubresourceController>>;
  /** Extra workers the server should run for this plugin. */
  getWorkers?(): Worker[];
  /**
   * Starts the plugin's RPC consumers (agent callbacks) and returns the
   * servers so the RpcWorker can stop them. Implementing it is what makes
   * the server start `rpc_workers` RpcWorker processes.
   */
  startRpcListeners?(): Promise<RpcServerLike[]>;
  /** Starts the consumers for agent state reports, served by RpcReportsWorker. */
  startRpcStateReportsListener?(): Promise<RpcServerLike[]>;
  /**
   * Releases what the plugin opened (broker connections, timers), once its
   * RPC servers and workers have stopped: when the server stops, and when a
   * SIGHUP reload replaces the plugin with a new instance (fastify's
   * onClose). Without it, every reload would leave the old instance's
   * connections open.
   */
  close?(): Promise<void>;
}

/**
 * The core plugin contract (neutron's NeutronPluginBaseV2): networks,
 * subnets, subnet pools and ports. Exactly one core plugin runs per server.
 */
export type CorePlugin = PluginBase &
  CorePluginCapabilities &
  ResourceMethods<'Network', 'Networks', Network> &
  ResourceMethods<'Subnet', 'Subnets', Subnet> &
  ResourceMethods<'Subnetpool', 'Subnetpools', SubnetPool> &
  ResourceMethods<'Port', 'Ports', Port>;

/**
 * Features the API otherwise emulates (neutron's `__native_*_support`
 * flags): without native pagination and sorting the API sorts and pages the
 * full list itself; without native bulk it creates resources one by one.
 */
export interface CorePluginCapabilities {
  readonly nativeBulkSupport?: boolean;
  readonly nativePaginationSupport?: boolean;
  readonly nativeSortingSupport?: boolean;
  /** The plugin rejects filters on unknown attributes itself. */
  readonly filterValidationSupport?: boolean;
  /**
   * The plugin answers the `fields` asked for itself, as neutron's plugins
   * do: the API then strips only the attributes it asked for besides them
   * (for policy checks), not every attribute that was not asked for.
   * auto_allocate's dry run answers `id` to `fields=dry-run`.
   */
  readonly nativeFieldSelectionSupport?: boolean;
}
