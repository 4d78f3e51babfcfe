import type { Context, Logger } from '@net-server/lib';
import { getAdminContext } from '@net-server/lib';
import { PeriodicWorker } from 'net-server';
import type { RouterEvents } from '../plugin/routers.js';
import type { RouterScheduling } from './router-scheduling.js';

/** Tells the agent a router left (neutron's router_removed_from_agent cast). */
export interface RouterRemovedNotifier {
  routerRemovedFromAgent(context: Context, routerId: string, host: string): Promise<void>;
}

/**
 * `allow_automatic_l3agent_failover`: every `agent_down_time / 2` seconds
 * (neutron's periodic task), routers of L3 agents that stopped reporting
 * move to live agents; the old host is told to drop them, the new one to
 * build them. Runs in the shared services process.
 */
export class L3AgentFailoverWorker extends PeriodicWorker {
  readonly name = 'L3AgentFailoverWorker';

  constructor(
    private readonly scheduling: RouterScheduling,
    private readonly notifier: RouterEvents & RouterRemovedNotifier,
    private readonly agentDownTime: number,
    logger: Logger,
  ) {
    super(Math.max(1, Math.floor(agentDownTime / 2)) * 1000, logger);
  }

  /** One pass: reschedule and notify. */
  async runOnce(): Promise<void> {
    const moved = await this.scheduling.rescheduleFromDownAgents(this.agentDownTime);
    const context = getAdminContext();
    for (const router of moved) await this.notifier.routerRemovedFromAgent(context, router.routerId, router.fromHost);
    const rebound = moved.filter((router) => router.toHost !== undefined).map((router) => router.routerId);
    if (rebound.length > 0) await this.notifier.routersUpdated(context, rebound, 'reschedule');
  }
}
