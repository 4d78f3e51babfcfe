import { networkSegmentsOf, type CorePlugin, type NetworkSegments } from '@net-server/lib';
import type { HookRegistry, TransactionRunner } from 'net-server';
import { UnsupportedCorePluginError } from '../errors.js';

/**
 * The core plugin as the segments plugin uses it: its resource methods, the
 * segments it owns (SegmentsCapable), and the hooks and transactions of
 * net-server's DbBasePlugin, so that subnets carry `segment_id` and a
 * segment's attributes commit with the segment.
 */
export type SegmentsCorePlugin = CorePlugin & {
  readonly hooks: HookRegistry;
  readonly transactions: TransactionRunner;
  readonly networkSegments: NetworkSegments;
};

/** Checks by shape rather than class: the core plugin may come from another copy of net-server. */
export function asSegmentsCorePlugin(plugin: CorePlugin): SegmentsCorePlugin {
  const candidate = plugin as Partial<SegmentsCorePlugin>;
  if (!networkSegmentsOf(plugin)) throw new UnsupportedCorePluginError('networkSegments (create, delete and list segments)');
  if (typeof candidate.hooks?.add !== 'function') throw new UnsupportedCorePluginError('hooks');
  if (typeof candidate.transactions?.write !== 'function') throw new UnsupportedCorePluginError('transactions');
  return plugin as SegmentsCorePlugin;
}
