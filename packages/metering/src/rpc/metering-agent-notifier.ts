import { topics, type Context, type Logger } from '@net-server/lib';
import { RpcClient, Target, type Transport } from '@net-server/rpc';
import type { L3Access } from '../plugin/l3-access.js';
import type { MeteringRouter } from './sync-data.js';

/** The casts the metering plugin sends (neutron's MeteringPlugin calls these four of MeteringAgentNotifyAPI's methods). */
export type MeteringNotification = 'add_metering_label' | 'remove_metering_label' | 'add_metering_label_rule' | 'remove_metering_label_rule';

/**
 * neutron's MeteringAgentNotifyAPI on the `metering_agent` topic (RPC API
 * 1.0): with L3 agent scheduling, each router goes to the hosts of the
 * live, enabled L3 agents hosting it (`metering_agent.<host>`, one cast per
 * host with its routers), where the metering agents run beside them;
 * without it, every metering agent gets all the routers on the fanout.
 */
export class MeteringAgentNotifier {
  readonly #transport: () => Promise<Transport>;
  readonly #l3: L3Access;
  readonly #logger: Logger;
  #client: RpcClient | undefined;

  constructor(transport: () => Promise<Transport>, l3: L3Access, logger: Logger) {
    this.#transport = transport;
    this.#l3 = l3;
    this.#logger = logger;
  }

  /*
   * The change is committed when this runs: a notification that cannot go
   * out is logged, not thrown, so the caller still learns what was done
   * (the agents resync from get_sync_data_metering).
   */
  async notify(context: Context, method: MeteringNotification, routers: readonly MeteringRouter[]): Promise<void> {
    try {
      await this.#notify(context, method, routers);
    } catch (error) {
      this.#logger.error('could not notify metering agents', { method, router_ids: routers.map((router) => router.id), error: String(error) });
    }
  }

  async #notify(context: Context, method: MeteringNotification, routers: readonly MeteringRouter[]): Promise<void> {
    const client = await this.#rpc();
    if (!this.#l3.scheduling) {
      await client.prepare({ fanout: true }).cast(context.toDict(), method, { routers });
      return;
    }
    const byHost = new Map<string, MeteringRouter[]>();
    for (const router of routers) {
      for (const host of await this.#l3.hostsOf(router.id)) {
        this.#logger.debug('notify metering agent', { topic: topics.METERING_AGENT, host, method, router_id: router.id });
        byHost.set(host, [...(byHost.get(host) ?? []), router]);
      }
    }
    for (const [host, hosted] of byHost) await client.prepare({ server: host }).cast(context.toDict(), method, { routers: hosted });
  }

  async #rpc(): Promise<RpcClient> {
    this.#client ??= new RpcClient(await this.#transport(), new Target({ topic: topics.METERING_AGENT, version: '1.0' }));
    return this.#client;
  }
}
