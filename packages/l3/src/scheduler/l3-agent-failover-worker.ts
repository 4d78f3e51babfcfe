import type { Context, Logger, Worker } from '@net-server/lib';
import { getAdminContext } from '@net-server/lib';
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
export class L3AgentFailoverWorker implements Worker {
  readonly name = 'L3AgentFailoverWorker';
  readonly workerProcessCount = 0;
  readonly #scheduling: RouterScheduling;
  readonly #notifier: RouterEvents & RouterRemovedNotifier;
  readonly #agentDownTime: number;
  readonly #logger: Logger;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> = Promise.resolve();

  constructor(scheduling: RouterScheduling, notifier: RouterEvents & RouterRemovedNotifier, agentDownTime: number, logger: Logger) {
    this.#scheduling = scheduling;
    this.#notifier = notifier;
    this.#agentDownTime = agentDownTime;
    this.#logger = logger;
  }

  async start(): Promise<void> {
    const interval = Math.max(1, Math.floor(this.#agentDownTime / 2)) * 1000;
    this.#timer = setInterval(() => {
      // One pass at a time: a slow pass is not overlapped by the next tick.
      this.#running = this.#running.then(() => this.runOnce()).catch((error: unknown) => this.#logger.error('L3 agent failover pass failed', { error: String(error) }));
    }, interval);
  }

  /** One pass: reschedule and notify. */
  async runOnce(): Promise<void> {
    const moved = await this.#scheduling.rescheduleFromDownAgents(this.#agentDownTime);
    const context = getAdminContext();
    for (const router of moved) await this.#notifier.routerRemovedFromAgent(context, router.routerId, router.fromHost);
    const rebound = moved.filter((router) => router.toHost !== undefined).map((router) => router.routerId);
    if (rebound.length > 0) await this.#notifier.routersUpdated(context, rebound, 'reschedule');
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async wait(): Promise<void> {
    await this.#running;
  }

  /** agent_down_time, like worker counts, takes effect on a restart. */
  async reset(): Promise<void> {}
}
