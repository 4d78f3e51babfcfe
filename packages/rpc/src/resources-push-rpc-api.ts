import { topics, type Context, type Logger, type VersionedObjectPrimitive } from '@net-server/lib';
import { RpcClient } from './client.js';
import { Target } from './target.js';
import type { Transport } from './transport.js';

/** neutron.api.rpc.callbacks.events. */
export type PushEvent = 'created' | 'updated' | 'deleted';

/** What one ResourcesPushRpcApi pushes: a versioned object type, and what the log calls it when a push fails. */
export interface PushedResource {
  resource: string;
  version: string;
  /** e.g. "conntrack helpers to L3 agents". */
  description: string;
}

/** ResourcesPushRpcApi's RPC version; the agents' ResourcesPushRpcCallback has no namespace. */
const PUSH_RPC_VERSION = '1.1';

/**
 * neutron's ResourcesPushRpcApi for one object type: a fanout cast of
 * `push` on `neutron-vo-<Resource>-<version>`, which the agents'
 * extensions consume. The client is built on the first push, so a process
 * that never changes such an object never connects for it. A failed push is
 * logged, not thrown: the change is committed, and agents get it when they
 * next pull.
 */
export class ResourcesPushRpcApi {
  #client: Promise<RpcClient> | undefined;

  constructor(
    private readonly transport: () => Promise<Transport>,
    private readonly logger: Logger,
    readonly pushed: PushedResource,
  ) {}

  async push(context: Context, resources: readonly VersionedObjectPrimitive[], event: PushEvent): Promise<void> {
    if (resources.length === 0) return;
    const { resource, version, description } = this.pushed;
    try {
      this.#client ??= this.transport().then(
        (transport) => new RpcClient(transport, new Target({ topic: topics.resourceTopicName(resource, version), fanout: true, version: PUSH_RPC_VERSION })),
      );
      await (await this.#client).cast(context.toDict(), 'push', { resource_list: resources, event_type: event });
    } catch (error) {
      // A transport that failed to build is tried again on the next push.
      this.#client = undefined;
      this.logger.error(`Failed to push ${description}`, { event, error });
    }
  }
}
