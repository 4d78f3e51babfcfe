import { topics, type Context, type Logger } from '@net-server/lib';
import { RpcClient, Target, type Transport } from '@net-server/rpc';
import type { RouterEvents } from '../plugin/routers.js';
import type { RouterRemovedNotifier } from '../scheduler/l3-agent-failover-worker.js';
import type { RouterScheduling } from '../scheduler/router-scheduling.js';

/**
 * neutron's L3AgentNotifyAPI: a changed router is scheduled (when
 * `router_auto_schedule` is on) and its hosting agents get
 * `routers_updated` on `l3_agent.<host>`; without an agent scheduler (a
 * core plugin without agents) the change goes to every agent on the
 * `l3_agent` fanout; a deleted router always goes on the fanout.
 */
export class L3AgentNotifier implements RouterEvents, RouterRemovedNotifier {
  readonly #transport: () => Promise<Transport>;
  readonly #scheduling: RouterScheduling | undefined;
  readonly #autoSchedule: boolean;
  readonly #logger: Logger;
  #client: RpcClient | undefined;

  constructor(transport: () => Promise<Transport>, scheduling: RouterScheduling | undefined, autoSchedule: boolean, logger: Logger) {
    this.#transport = transport;
    this.#scheduling = scheduling;
    this.#autoSchedule = autoSchedule;
    this.#logger = logger;
  }

  /*
   * The change is committed when this runs: a notification that cannot go
   * out is logged, not thrown, so the caller still learns what was done
   * (agents resync on their own), as neutron's AFTER_* callbacks do.
   */
  async routersUpdated(context: Context, routerIds: readonly string[], operation: string): Promise<void> {
    if (routerIds.length === 0) return;
    try {
      await this.#routersUpdated(context, routerIds, operation);
    } catch (error) {
      this.#logger.error('could not notify L3 agents', { method: 'routers_updated', router_ids: routerIds, operation, error: String(error) });
    }
  }

  async #routersUpdated(context: Context, routerIds: readonly string[], operation: string): Promise<void> {
    const client = await this.#rpc();
    if (!this.#scheduling) {
      await client.prepare({ fanout: true }).cast(context.toDict(), 'routers_updated', { routers: routerIds });
      return;
    }
    if (this.#autoSchedule) await this.#scheduling.schedule(routerIds);
    const hosting = await this.#scheduling.agentsHosting(routerIds);
    for (const routerId of routerIds) {
      for (const agent of hosting.get(routerId) ?? []) {
        const host = String(agent['host']);
        this.#logger.debug('notify L3 agent', { topic: topics.L3_AGENT, host, method: 'routers_updated', router_id: routerId, operation });
        await client.prepare({ server: host, version: '1.1' }).cast(context.toDict(), 'routers_updated', { routers: [routerId] });
      }
    }
  }

  /** neutron's router_removed_from_agent: a cast to the host that no longer hosts the router. */
  async routerRemovedFromAgent(context: Context, routerId: string, host: string): Promise<void> {
    await (await this.#rpc()).prepare({ server: host }).cast(context.toDict(), 'router_removed_from_agent', { payload: { router_id: routerId } });
  }

  async routerDeleted(context: Context, routerId: string): Promise<void> {
    try {
      await (await this.#rpc()).prepare({ fanout: true }).cast(context.toDict(), 'router_deleted', { router_id: routerId });
    } catch (error) {
      this.#logger.error('could not notify L3 agents', { method: 'router_deleted', router_id: routerId, error: String(error) });
    }
  }

  async #rpc(): Promise<RpcClient> {
    this.#client ??= new RpcClient(await this.#transport(), new Target({ topic: topics.L3_AGENT, version: '1.0' }));
    return this.#client;
  }
}
