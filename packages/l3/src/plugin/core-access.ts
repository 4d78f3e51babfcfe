import type { CorePlugin } from '@net-server/lib';
import { requireCoreCapabilities, type CoreCapabilities } from 'net-server';

/**
 * The core plugin as the L3 plugin uses it: its resource methods, plus the
 * hooks, transactions and network RBAC of net-server's DbBasePlugin (ML2
 * included), so router rows and the ports they own commit together,
 * `router:external` lives beside the network and access_as_external
 * entries are served.
 */
export type L3CorePlugin = CorePlugin & Pick<CoreCapabilities, 'hooks' | 'transactions' | 'networkRbac'>;

export function asL3CorePlugin(plugin: CorePlugin): L3CorePlugin {
  return requireCoreCapabilities(plugin, 'router', ['hooks', 'transactions', 'networkRbac']);
}
