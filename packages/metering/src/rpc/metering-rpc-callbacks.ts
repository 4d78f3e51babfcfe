import { getAdminContext, type Logger } from '@net-server/lib';
import { optionalStringArg, Target } from '@net-server/rpc';
import type { L3Access } from '../plugin/l3-access.js';
import type { MeteringRouter, MeteringSyncData } from './sync-data.js';

export interface MeteringRpcDependencies {
  syncData: MeteringSyncData;
  l3: L3Access;
  logger: Logger;
}

/**
 * The metering agent's callbacks on `q-metering-plugin` (neutron's
 * MeteringRpcCallbacks, RPC API 1.0). Agents call with admin contexts;
 * this answers as admin, as neutron does.
 */
export class MeteringRpcCallbacks {
  readonly target = new Target({ version: '1.0' });
  readonly #deps: MeteringRpcDependencies;

  constructor(deps: MeteringRpcDependencies) {
    this.#deps = deps;
  }

  /**
   * The metered routers with their labels and rules; with L3 agent
   * scheduling and a `host`, only the routers of the L3 agents on that
   * host. None (null) without a router plugin, with no L3 agent on the
   * host, or when its agents host no router, as neutron answers.
   */
  async get_sync_data_metering(_context: unknown, args: Record<string, unknown>): Promise<MeteringRouter[] | null> {
    const { l3, syncData, logger } = this.#deps;
    if (!l3.loaded) return null;
    const data = await syncData.forLabels(getAdminContext());
    const host = optionalStringArg(args, 'host');
    if (!l3.scheduling || host === undefined) return data;
    const routerIds = await l3.routerIdsOnHost(host);
    if (routerIds === undefined) {
      logger.error('unable to find an L3 agent on the metering agent host', { host });
      return null;
    }
    if (routerIds.length === 0) return null;
    return data.filter((router) => routerIds.includes(router.id));
  }
}
