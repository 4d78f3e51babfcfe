import type { CorePlugin } from '@net-server/lib';
import { requireCoreCapabilities, type CoreCapabilities } from 'net-server';

/** The core plugin as the tag plugin uses it: net-server's DbBasePlugin (ML2 included), whose write transactions the other plugins' tag changes join. */
export type TagCorePlugin = CorePlugin & Pick<CoreCapabilities, 'transactions'>;

export function asTagCorePlugin(plugin: CorePlugin): TagCorePlugin {
  return requireCoreCapabilities(plugin, 'tag', ['transactions']);
}
