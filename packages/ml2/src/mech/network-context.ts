import type { Context, ResourceDict } from '@net-server/lib';
import type { NetworkSegment } from '../types/segment.js';

/**
 * What mechanism drivers see of a network operation (neutron's
 * NetworkContext): the network after the change, before it for updates, and
 * its segments.
 */
export class NetworkContext {
  constructor(
    readonly pluginContext: Context,
    readonly current: ResourceDict,
    readonly networkSegments: readonly NetworkSegment[],
    readonly original?: ResourceDict,
  ) {}
}
