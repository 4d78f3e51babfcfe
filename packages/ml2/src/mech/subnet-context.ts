import type { Context, ResourceDict } from '@net-server/lib';
import type { NetworkContext } from './network-context.js';

/** What mechanism drivers see of a subnet operation (neutron's SubnetContext). */
export class SubnetContext {
  constructor(
    readonly pluginContext: Context,
    readonly current: ResourceDict,
    readonly network: NetworkContext,
    readonly original?: ResourceDict,
  ) {}
}
