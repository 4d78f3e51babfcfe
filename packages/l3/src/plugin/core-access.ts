import type { CorePlugin } from '@net-server/lib';
import type { HookRegistry, TransactionRunner } from 'net-server';
import { UnsupportedCorePluginError } from '../errors.js';

/**
 * The core plugin as the L3 plugin uses it: its resource methods, plus the
 * hooks and transactions of net-server's DbBasePlugin (ML2 included), so
 * router rows and the ports they own commit together and `router:external`
 * lives beside the network.
 */
export type L3CorePlugin = CorePlugin & { readonly hooks: HookRegistry; readonly transactions: TransactionRunner };

/** Checks by shape rather than class: the core plugin may come from another copy of net-server. */
export function asL3CorePlugin(plugin: CorePlugin): L3CorePlugin {
  const candidate = plugin as Partial<L3CorePlugin>;
  if (typeof candidate.hooks?.add !== 'function') throw new UnsupportedCorePluginError('hooks');
  if (typeof candidate.transactions?.write !== 'function') throw new UnsupportedCorePluginError('transactions');
  return plugin as L3CorePlugin;
}
