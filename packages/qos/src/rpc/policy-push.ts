import { topics, type Context, type Logger, type VersionedObjectPrimitive } from '@net-server/lib';
import { RpcClient, Target, type Transport } from '@net-server/rpc';
import { QOS_POLICY_RESOURCE, QOS_POLICY_VERSION } from '../constants.js';
import type { QosPolicyRecord } from '../plugin/policy-record.js';
import { deletedPolicyPrimitive, policyPrimitive } from './versioned-policy.js';

/** neutron.api.rpc.callbacks.events. */
export type PushEvent = 'updated' | 'deleted';

/**
 * neutron's ResourcesPushRpcApi for QoS policies: a fanout cast of `push`
 * (version 1.1, no namespace) on `neutron-vo-QosPolicy-1.10`, which the L2
 * agents' QoS extension consumes. Neutron sends one cast per version its
 * agents reported; every QosPolicy consumer since Yoga reports 1.10, the
 * only version built here.
 */
export class PolicyPush {
  #client: Promise<RpcClient> | undefined;

  constructor(
    private readonly transport: () => Promise<Transport>,
    private readonly logger: Logger,
  ) {}

  /** Built on the first push, so a process that never changes a policy never connects for it. */
  #target(): Promise<RpcClient> {
    this.#client ??= this.transport().then(
      (transport) =>
        new RpcClient(transport, new Target({ topic: topics.resourceTopicName(QOS_POLICY_RESOURCE, QOS_POLICY_VERSION), fanout: true, version: '1.1' })),
    );
    return this.#client;
  }

  updated(context: Context, policy: QosPolicyRecord): Promise<void> {
    return this.#push(context, policyPrimitive(policy), 'updated');
  }

  deleted(context: Context, policyId: string): Promise<void> {
    return this.#push(context, deletedPolicyPrimitive(policyId), 'deleted');
  }

  /** A failed push is logged, not answered as the request's error: the change is committed, and agents get it when they next pull the policy. */
  async #push(context: Context, resource: VersionedObjectPrimitive, event: PushEvent): Promise<void> {
    try {
      await (await this.#target()).cast(context.toDict(), 'push', { resource_list: [resource], event_type: event });
    } catch (error) {
      // A transport that failed to build is tried again on the next push.
      this.#client = undefined;
      this.logger.error('Failed to push a QoS policy to agents', { policy: resource['versioned_object.data']['id'], event, error });
    }
  }
}
