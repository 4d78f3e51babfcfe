import type { Context, CorePlugin, Filters, ListOptions, ResourceDict, ResourceRequest, ServicePlugin } from '@net-server/lib';
import { routerPluginOf, type L3RouterPlugin } from '@net-server/l3';
import type { ResourcesPushRpcApi } from '@net-server/rpc';
import { requireCoreCapabilities, ResourceStore, serveAgentObjects, unwrapBody, type CoreCapabilities, type PluginInit } from 'net-server';
import { L3_EXT_NDP_PROXY, L3_NDP_PROXY, NDP_PROXY_SERVICE_TYPE } from '../api/definitions.js';
import { enableNdpProxyByDefault } from '../config/options.js';
import type { NdpProxyRow } from '../db/schema.js';
import { ndpProxyProducer } from '../rpc/ndp-proxy-rpc.js';
import { NDP_PROXY_RESOURCE, NDP_PROXY_VERSION, ndpProxyPrimitive } from '../rpc/versioned-ndp-proxy.js';
import { ndpProxies } from './ndp-proxies.js';
import { resolveTarget } from './proxy-target.js';
import { routerInterfaceGuard } from './router-interface-guard.js';
import { routerNdpStateHooks } from './router-ndp-state.js';

/**
 * The `ndp_proxy` service plugin (neutron's NDPProxyPlugin): IPv6 NDP
 * proxies of routers under /v2.0/ndp_proxies, routers' `enable_ndp_proxy`,
 * and, when the core plugin serves agents (ML2), NDPProxy objects pulled
 * by and pushed to L3 agents.
 */
export class NdpProxyPlugin implements ServicePlugin {
  static readonly requiredServicePlugins = ['router'];
  readonly pluginType = NDP_PROXY_SERVICE_TYPE;
  readonly pluginDescription = 'Support L3 NDP Proxy';
  readonly supportedExtensionAliases = [L3_NDP_PROXY.alias, L3_EXT_NDP_PROXY.alias];
  readonly resources = ['ndp_proxies'];
  readonly taggableCollections = ['ndp_proxies'];
  readonly nativePaginationSupport = true;
  readonly nativeSortingSupport = true;
  readonly store: ResourceStore<NdpProxyRow>;
  readonly #core: CorePlugin & Pick<CoreCapabilities, 'transactions' | 'hooks'>;
  readonly #routers: Pick<L3RouterPlugin, 'routers' | 'getRouter'>;
  readonly #push: ResourcesPushRpcApi | undefined;
  readonly #undo: (() => void)[] = [];

  constructor(init: PluginInit) {
    this.#core = requireCoreCapabilities(init.directory.corePlugin, 'ndp_proxy', ['transactions', 'hooks']);
    this.#routers = routerPluginOf(init.directory, 'ndp_proxy', ['routers', 'getRouter']);
    this.store = new ResourceStore(this.#core.transactions, ndpProxies);
    const enabledByDefault = init.config.get('DEFAULT', enableNdpProxyByDefault);
    this.#undo.push(this.#routers.routers.hooks.add(routerNdpStateHooks(enabledByDefault)));
    this.#undo.push(this.#core.hooks.add('port', routerInterfaceGuard));
    // As neutron's, agents are pushed to only where they can pull (an RPC-serving core plugin).
    const objects = serveAgentObjects(
      this.#core,
      init.logger,
      { resource: NDP_PROXY_RESOURCE, version: NDP_PROXY_VERSION, description: 'NDP proxies to L3 agents' },
      () => ndpProxyProducer(this.#core.transactions),
    );
    this.#push = objects?.push;
    if (objects) this.#undo.push(objects.withdraw);
    init.logger.info(`The router's 'enable_ndp_proxy' parameter's default value is ${enabledByDefault ? 'True' : 'False'}`);
  }

  async close(): Promise<void> {
    for (const undo of this.#undo.splice(0)) undo();
  }

  async createNdpProxy(context: Context, body: ResourceRequest): Promise<ResourceDict> {
    const request = unwrapBody(body, ndpProxies.member);
    const { dict, row } = await this.#core.transactions.write(context, async (session) => {
      const target = await resolveTarget(session, this.#core, this.#routers, request);
      const created = await this.store.createIn(session, { ...request, ...target });
      return this.store.find(session, String(created['id'])).then(({ row: stored }) => ({ dict: created, row: stored }));
    });
    await this.#push?.push(context, [ndpProxyPrimitive(row)], 'created');
    return dict;
  }

  updateNdpProxy(context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    return this.store.update(context, id, body);
  }

  async deleteNdpProxy(context: Context, id: string): Promise<void> {
    const row = await this.#core.transactions.write(context, async (session) => {
      const { row: found } = await this.store.find(session, id);
      await this.store.deleteIn(session, id);
      return found;
    });
    await this.#push?.push(context, [ndpProxyPrimitive(row)], 'deleted');
  }

  getNdpProxy(context: Context, id: string, fields?: readonly string[]): Promise<ResourceDict> {
    return this.store.get(context, id, fields);
  }

  getNdpProxies(context: Context, options?: ListOptions): Promise<ResourceDict[]> {
    return this.store.list(context, options);
  }

  getNdpProxiesCount(context: Context, filters?: Filters): Promise<number> {
    return this.store.count(context, filters);
  }

  /** TagsCapable: a proxy whose tags changed is revised. */
  tagsChanged(context: Context, collection: string, id: string): Promise<boolean> {
    return collection === ndpProxies.collection ? this.store.tagsChanged(context, id) : Promise.resolve(false);
  }
}
