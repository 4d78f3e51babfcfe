import type { Context, Logger } from '@net-server/lib';
import { ResourcesPushRpcApi, type Transport } from '@net-server/rpc';
import { QOS_POLICY_RESOURCE, QOS_POLICY_VERSION } from '../constants.js';
import type { QosPolicyRecord } from '../plugin/policy-record.js';
import { deletedPolicyPrimitive, policyPrimitive } from './versioned-policy.js';

/**
 * neutron's ResourcesPushRpcApi for QoS policies: a push on
 * `neutron-vo-QosPolicy-1.10`, which the L2 agents' QoS extension consumes.
 * Neutron sends one cast per version its agents reported; every QosPolicy
 * consumer since Yoga reports 1.10, the only version built here.
 */
export class PolicyPush {
  readonly #api: ResourcesPushRpcApi;

  constructor(transport: () => Promise<Transport>, logger: Logger) {
    this.#api = new ResourcesPushRpcApi(transport, logger, {
      resource: QOS_POLICY_RESOURCE,
      version: QOS_POLICY_VERSION,
      description: 'a QoS policy to agents',
    });
  }

  updated(context: Context, policy: QosPolicyRecord): Promise<void> {
    return this.#api.push(context, [policyPrimitive(policy)], 'updated');
  }

  deleted(context: Context, policyId: string): Promise<void> {
    return this.#api.push(context, [deletedPolicyPrimitive(policyId)], 'deleted');
  }
}
