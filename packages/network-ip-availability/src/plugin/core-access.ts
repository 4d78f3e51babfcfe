import type { CorePlugin } from '@net-server/lib';
import { requireCoreCapabilities, type CoreCapabilities } from 'net-server';

/** The core plugin as this plugin reads it: net-server's DbBasePlugin (ML2 included), whose read sessions reach the core tables. */
export type ReadableCorePlugin = CorePlugin & Pick<CoreCapabilities, 'transactions'>;

export function asReadableCorePlugin(plugin: CorePlugin): ReadableCorePlugin {
  return requireCoreCapabilities(plugin, 'network_ip_availability', ['transactions']);
}
