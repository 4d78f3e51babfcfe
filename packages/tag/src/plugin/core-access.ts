import type { CorePlugin } from '@net-server/lib';
import type { TransactionRunner } from 'net-server';
import { UnsupportedCorePluginError } from '../errors.js';

/** The core plugin as the tag plugin uses it: net-server's DbBasePlugin (ML2 included), whose write transactions the other plugins' tag changes join. */
export type TagCorePlugin = CorePlugin & { readonly transactions: Pick<TransactionRunner, 'write'> };

/** Checks by shape rather than class: the core plugin may come from another copy of net-server. */
export function asTagCorePlugin(plugin: CorePlugin): TagCorePlugin {
  if (typeof (plugin as Partial<TagCorePlugin>).transactions?.write !== 'function') throw new UnsupportedCorePluginError();
  return plugin as TagCorePlugin;
}
