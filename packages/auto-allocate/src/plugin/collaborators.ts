import { PluginConfigError, pluginTypes, type Context, type CorePlugin, type ResourceDict, type ResourceRequest } from '@net-server/lib';
import { requireCoreCapabilities, type CoreCapabilities, type PluginDirectory } from 'net-server';

/** The core plugin as this plugin uses it: networks, subnets and pools, its transactions, and the network hooks `is_default` lives in. */
export type AutoAllocateCore = CorePlugin & Pick<CoreCapabilities, 'hooks' | 'transactions'>;

export function autoAllocateCoreOf(plugin: CorePlugin): AutoAllocateCore {
  return requireCoreCapabilities(plugin, 'auto_allocate', ['hooks', 'transactions']);
}

/** What this plugin uses of the router plugin: routers and their interfaces, as neutron's l3_plugin calls. */
export interface RouterAccess {
  createRouter(context: Context, body: ResourceRequest): Promise<ResourceDict>;
  deleteRouter(context: Context, id: string): Promise<void>;
  addRouterInterface(context: Context, id: string, body: Record<string, unknown>): Promise<ResourceDict>;
  removeRouterInterface(context: Context, id: string, body: Record<string, unknown>): Promise<ResourceDict>;
}

/** The router plugin loaded, if any: the auto-allocated-topology extension needs `router`, so without it the API does not serve this plugin. */
export function routerAccessOf(directory: PluginDirectory): RouterAccess | undefined {
  const plugin = directory.get(pluginTypes.L3) as Partial<RouterAccess> | undefined;
  const methods = ['createRouter', 'deleteRouter', 'addRouterInterface', 'removeRouterInterface'] as const;
  return plugin && methods.every((name) => typeof plugin[name] === 'function') ? (plugin as RouterAccess) : undefined;
}

/** The router plugin, or the configuration problem that it is missing. */
export function requireRouterAccess(directory: PluginDirectory): RouterAccess {
  const router = routerAccessOf(directory);
  if (!router) {
    throw new PluginConfigError(
      'DEFAULT',
      'service_plugins',
      'auto_allocate needs the router service plugin of @net-server/l3: add `router` to service_plugins',
    );
  }
  return router;
}
