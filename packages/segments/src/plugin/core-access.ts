import type { CorePlugin } from '@net-server/lib';
import { requireCoreCapabilities, type CoreCapabilities } from 'net-server';

/**
 * The core plugin as the segments plugin uses it: its resource methods, the
 * segments it owns (SegmentsCapable), and the hooks and transactions of
 * net-server's DbBasePlugin, so that subnets carry `segment_id` and a
 * segment's attributes commit with the segment.
 */
export type SegmentsCorePlugin = CorePlugin & Pick<CoreCapabilities, 'hooks' | 'transactions' | 'networkSegments'>;

export function asSegmentsCorePlugin(plugin: CorePlugin): SegmentsCorePlugin {
  return requireCoreCapabilities(plugin, 'segments', ['networkSegments', 'hooks', 'transactions']);
}
