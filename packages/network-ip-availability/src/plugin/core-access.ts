import type { CorePlugin } from '@net-server/lib';
import type { TransactionRunner } from 'net-server';
import { UnsupportedCorePluginError } from '../errors.js';

/** The core plugin as this plugin reads it: net-server's DbBasePlugin (ML2 included), whose read sessions reach the core tables. */
export type ReadableCorePlugin = CorePlugin & { readonly transactions: Pick<TransactionRunner, 'read'> };

/** Checks by shape rather than class: the core plugin may come from another copy of net-server. */
export function asReadableCorePlugin(plugin: CorePlugin): ReadableCorePlugin {
  const candidate = plugin as Partial<ReadableCorePlugin>;
  if (typeof candidate.transactions?.read !== 'function') throw new UnsupportedCorePluginError();
  return plugin as ReadableCorePlugin;
}
