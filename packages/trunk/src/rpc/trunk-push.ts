import { topics, type Context, type Logger, type VersionedObjectPrimitive } from '@net-server/lib';
import { RpcClient, Target, type Transport } from '@net-server/rpc';
import { SUBPORT_RESOURCE, SUBPORT_VERSION, TRUNK_RESOURCE, TRUNK_VERSION } from '../constants.js';

/** neutron.api.rpc.callbacks.events of the trunk pushes. */
export type TrunkPushEvent = 'created' | 'deleted';

/** ResourcesPushRpcApi's RPC version; the agents' ResourcesPushRpcCallback has no namespace. */
const PUSH_RPC_VERSION = '1.1';

/**
 * neutron's TrunkStub (server to agents) over ResourcesPushRpcApi: a fanout
 * cast of `push` on `neutron-vo-Trunk-1.1` when a trunk is created or
 * deleted, and on `neutron-vo-SubPort-1.0` when subports are added or
 * removed, which the agents' trunk skeletons consume. Only these versions
 * are built (Zed's, which every Zed agent reads).
 */
export class TrunkPush {
  readonly #clients = new Map<string, Promise<RpcClient>>();

  constructor(
    private readonly transport: () => Promise<Transport>,
    private readonly logger: Logger,
  ) {}

  trunk(context: Context, trunk: VersionedObjectPrimitive, event: TrunkPushEvent): Promise<void> {
    return this.#push(context, topics.resourceTopicName(TRUNK_RESOURCE, TRUNK_VERSION), [trunk], event);
  }

  subports(context: Context, subports: readonly VersionedObjectPrimitive[], event: TrunkPushEvent): Promise<void> {
    return subports.length === 0 ? Promise.resolve() : this.#push(context, topics.resourceTopicName(SUBPORT_RESOURCE, SUBPORT_VERSION), subports, event);
  }

  /** A failed push is logged, not the request's error: the change is committed, and agents get it when they next pull the trunk. */
  async #push(context: Context, topic: string, resources: readonly VersionedObjectPrimitive[], event: TrunkPushEvent): Promise<void> {
    try {
      await (await this.#client(topic)).cast(context.toDict(), 'push', { resource_list: resources, event_type: event });
    } catch (error) {
      // A transport that failed to build is tried again on the next push.
      this.#clients.delete(topic);
      this.logger.error('Failed to push trunk changes to agents', { topic, event, error });
    }
  }

  /** Built on the first push of the topic, so a process that never changes a trunk never connects for it. */
  #client(topic: string): Promise<RpcClient> {
    let client = this.#clients.get(topic);
    if (client === undefined) {
      client = this.transport().then((transport) => new RpcClient(transport, new Target({ topic, fanout: true, version: PUSH_RPC_VERSION })));
      this.#clients.set(topic, client);
    }
    return client;
  }
}
