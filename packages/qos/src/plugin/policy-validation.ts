import { constants, defineNeutronException, NeutronException, type ResourceDict, type ResourceRequest } from '@net-server/lib';
import type { Session } from 'net-server';
import { QOS_POLICY_ID } from '../constants.js';
import { qosView } from '../db/schema.js';
import type { QosDriverManager } from '../drivers/qos-driver-manager.js';
import { QosRuleNotSupported, QosRuleNotSupportedByNetwork } from '../errors.js';
import type { QosCorePlugin } from './core-access.js';
import type { QosPolicyRecord } from './policy-record.js';
import { policyStore } from './policy-store.js';

/** neutron answers a NotImplementedError with 501. */
export const PlacementBackedPolicyUpdate = defineNeutronException(NeutronException, 'NotImplementedError', 'Cannot update QoS policies/rules backed by resources tracked in Placement', {
  httpStatus: 501,
});

/**
 * Whether the loaded QoS drivers can enforce a policy where it is attached
 * (neutron's QoSPlugin validate_policy_for_port/network and its port and
 * network precommit callbacks), run inside the change's transaction.
 */
export class PolicyValidation {
  constructor(
    private readonly core: QosCorePlugin,
    private readonly drivers: QosDriverManager,
  ) {
    core.hooks.add('port', {
      precommitCreate: (session, _request, port) => this.#portCreated(session, port),
      precommitUpdate: (session, request, original, updated) => this.#portUpdated(session, request, original, updated),
    });
    core.hooks.add('network', {
      precommitCreate: (session, _request, network) => this.#networkCreated(session, network),
      precommitUpdate: (session, request, original, updated) => this.#networkUpdated(session, request, original, updated),
    });
  }

  /** Every port the policy applies to (its own, and its networks' ports without one) must support its rules. */
  async validatePolicy(session: Session, policy: QosPolicyRecord): Promise<void> {
    for (const port of await this.portsWithPolicy(session, policy.id)) await this.#forPort(session, policy, port);
  }

  /** A minimum bandwidth change on a policy that compute ports use would need Placement, which net-server does not talk to. */
  async rejectRuleUpdateForBoundPort(session: Session, policy: QosPolicyRecord): Promise<void> {
    const ports = await this.portsWithPolicy(session, policy.id);
    if (ports.some((port) => String(port['device_owner'] ?? '').startsWith(constants.DEVICE_OWNER_COMPUTE_PREFIX))) throw new PlacementBackedPolicyUpdate({});
  }

  /** neutron's _get_ports_with_policy. */
  async portsWithPolicy(session: Session, policyId: string): Promise<ResourceDict[]> {
    const { networks, ports } = await policyStore.bindings(qosView(session.db), policyId);
    const admin = session.context.elevated();
    const own = ports.length > 0 ? await this.core.getPorts(admin, { filters: { id: ports } }) : [];
    const inherited = networks.length > 0 ? await this.core.getPorts(admin, { filters: { network_id: networks } }) : [];
    const byId = new Map(own.map((port) => [String(port['id']), port]));
    for (const port of inherited) if (port[QOS_POLICY_ID] === null || port[QOS_POLICY_ID] === undefined) byId.set(String(port['id']), port);
    return [...byId.values()];
  }

  async #forPort(session: Session, policy: QosPolicyRecord, port: ResourceDict): Promise<void> {
    const network = await this.core.getNetwork(session.context.elevated(), String(port['network_id']));
    for (const rule of policy.rules) {
      if (!this.drivers.validateRuleForPort(rule, port, network)) throw new QosRuleNotSupported({ rule_type: rule.type, port_id: port['id'] });
    }
  }

  // The network as the core plugin shows it, provider attributes included (the precommit's dict may not have them yet).
  async #forNetwork(session: Session, policy: QosPolicyRecord, networkId: string): Promise<void> {
    const network = await this.core.getNetwork(session.context.elevated(), networkId);
    for (const rule of policy.rules) {
      if (!this.drivers.validateRuleForNetwork(rule, network)) throw new QosRuleNotSupportedByNetwork({ rule_type: rule.type, network_id: network['id'] });
    }
  }

  async #policy(session: Session, id: string): Promise<QosPolicyRecord> {
    return policyStore.get(qosView(session.db), session.context.elevated(), id);
  }

  async #portCreated(session: Session, port: ResourceDict): Promise<void> {
    const networkId = String(port['network_id']);
    const policyId = port[QOS_POLICY_ID] ?? (await policyStore.networkPolicies(qosView(session.db), [networkId])).get(networkId);
    if (typeof policyId === 'string') await this.#forPort(session, await this.#policy(session, policyId), port);
  }

  async #portUpdated(session: Session, request: ResourceRequest, original: ResourceDict, updated: ResourceDict): Promise<void> {
    const policyId = request[QOS_POLICY_ID];
    if (typeof policyId !== 'string' || policyId === original[QOS_POLICY_ID]) return;
    await this.#forPort(session, await this.#policy(session, policyId), updated);
  }

  async #networkCreated(session: Session, network: ResourceDict): Promise<void> {
    const policyId = network[QOS_POLICY_ID];
    if (typeof policyId === 'string') await this.#forNetwork(session, await this.#policy(session, policyId), String(network['id']));
  }

  async #networkUpdated(session: Session, request: ResourceRequest, original: ResourceDict, updated: ResourceDict): Promise<void> {
    const policyId = request[QOS_POLICY_ID];
    if (typeof policyId !== 'string' || policyId === original[QOS_POLICY_ID]) return;
    const policy = await this.#policy(session, policyId);
    await this.#forNetwork(session, policy, String(updated['id']));
    const ports = await this.core.getPorts(session.context.elevated(), { filters: { network_id: [String(updated['id'])] } });
    for (const port of ports) if (port[QOS_POLICY_ID] === null || port[QOS_POLICY_ID] === undefined) await this.#forPort(session, policy, port);
  }
}

