import type { L3RouterPlugin } from '@net-server/l3';
import type { CorePlugin } from '@net-server/lib';
import { requireCoreCapabilities, type CoreCapabilities } from 'net-server';

/** The core plugin as this plugin uses it: networks, subnets and pools, its transactions, and the network hooks `is_default` lives in. */
export type AutoAllocateCore = CorePlugin & Pick<CoreCapabilities, 'hooks' | 'transactions'>;

export function autoAllocateCoreOf(plugin: CorePlugin): AutoAllocateCore {
  return requireCoreCapabilities(plugin, 'auto_allocate', ['hooks', 'transactions']);
}

/** What this plugin uses of the router plugin: routers and their interfaces, as neutron's l3_plugin calls. */
export const ROUTER_NEEDS = ['createRouter', 'deleteRouter', 'addRouterInterface', 'removeRouterInterface'] as const;
export type RouterAccess = Pick<L3RouterPlugin, (typeof ROUTER_NEEDS)[number]>;
