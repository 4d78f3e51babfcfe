import { topics, type Context, type Logger, type VersionedObjectPrimitive } from '@net-server/lib';
import { RpcClient, Target, type Transport } from '@net-server/rpc';
import { PORT_FORWARDING_RESOURCE, PORT_FORWARDING_VERSION } from './versioned-port-forwarding.js';

/** neutron.api.rpc.callbacks.events, as the port forwarding plugin pushes them. */
export type PushEvent = 'created' | 'updated' | 'deleted';

/**
 * neutron's ResourcesPushRpcApi for port forwardings: a fanout cast of
 * `push` (version 1.1) on `neutron-vo-PortForwarding-1.3`, which the L3
 * agents' port_forwarding extension consumes.
 */
export class PortForwardingPush {
  #client: Promise<RpcClient> | undefined;

  constructor(
    private readonly transport: () => Promise<Transport>,
    private readonly logger: Logger,
  ) {}

  #target(): Promise<RpcClient> {
    this.#client ??= this.transport().then(
      (transport) =>
        new RpcClient(
          transport,
          new Target({ topic: topics.resourceTopicName(PORT_FORWARDING_RESOURCE, PORT_FORWARDING_VERSION), fanout: true, version: '1.1' }),
        ),
    );
    return this.#client;
  }

  /** A failed push is logged, not the request's error: the change is committed, and agents pull forwardings again when they sync their routers. */
  async push(context: Context, resources: readonly VersionedObjectPrimitive[], event: PushEvent): Promise<void> {
    if (resources.length === 0) return;
    try {
      await (await this.#target()).cast(context.toDict(), 'push', { resource_list: resources, event_type: event });
    } catch (error) {
      this.#client = undefined;
      this.logger.error('Failed to push port forwardings to L3 agents', { event, error });
    }
  }
}
