import { constants, defineNeutronException, NetworkNotFound, NeutronException, type ResourceDict, type ResourceRequest } from '@net-server/lib';
import type { Session } from 'net-server';
import { QOS_POLICY_ID } from '../constants.js';
import { qosView } from '../db/schema.js';
import type { QosDriverManager } from '../drivers/qos-driver-manager.js';
import { QosRuleNotSupported, QosRuleNotSupportedByNetwork } from '../errors.js';
import type { QosCorePlugin } from './core-access.js';
import type { QosPolicyRecord } from './policy-record.js';
import { policyBindings } from './policy-bindings.js';
import type { Policies } from './policies.js';

/** neutron answers a NotImplementedError with 501. */
export const PlacementBackedPolicyUpdate = defineNeutronException(
  NeutronException,
  'NotImplementedError',
  'Cannot update QoS policies/rules backed by resources tracked in Placement',
  {
    httpStatus: 501,
  },
);

/**
 * Whether the loaded QoS drivers can enforce a policy where it is attached
 * (neutron's QoSPlugin validate_policy_for_port/network and its port and
 * network precommit callbacks), run inside the change's transaction.
 */
export class PolicyValidation {
  constructor(
    private readonly core: QosCorePlugin,
    private readonly policies: Policies,
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

  /**
   * neutron's validate_policy_for_ports: every port the policy applies to
   * (portsWithPolicy) must support its rules. The ports' networks are
   * loaded once, in one list; nothing is loaded when there is nothing to check.
   */
  async validatePolicy(session: Session, policy: QosPolicyRecord, ports: readonly ResourceDict[]): Promise<void> {
    if (policy.rules.length === 0 || ports.length === 0) return;
    const ids = [...new Set(ports.map((port) => String(port['network_id'])))];
    const networks = await this.core.getNetworks(session.context.elevated(), { filters: { id: ids } });
    const byId = new Map(networks.map((network) => [String(network['id']), network]));
    for (const port of ports) {
      const network = byId.get(String(port['network_id']));
      // A port's network cannot go while the port stays, in this transaction or another.
      if (!network) throw new NetworkNotFound({ net_id: port['network_id'] });
      this.#forPort(policy, port, network);
    }
  }

  /** A minimum bandwidth change on a policy that compute ports use would need Placement, which net-server does not talk to. */
  rejectRuleUpdateForBoundPort(ports: readonly ResourceDict[]): void {
    if (ports.some((port) => String(port['device_owner'] ?? '').startsWith(constants.DEVICE_OWNER_COMPUTE_PREFIX))) throw new PlacementBackedPolicyUpdate({});
  }

  /** neutron's _get_ports_with_policy. */
  async portsWithPolicy(session: Session, policyId: string): Promise<ResourceDict[]> {
    const { networks, ports } = await policyBindings.of(qosView(session.db), policyId);
    const admin = session.context.elevated();
    const own = ports.length > 0 ? await this.core.getPorts(admin, { filters: { id: ports } }) : [];
    const inherited = networks.length > 0 ? await this.core.getPorts(admin, { filters: { network_id: networks } }) : [];
    const byId = new Map(own.map((port) => [String(port['id']), port]));
    for (const port of inherited) if (!hasOwnPolicy(port)) byId.set(String(port['id']), port);
    return [...byId.values()];
  }

  #forPort(policy: QosPolicyRecord, port: ResourceDict, network: ResourceDict): void {
    for (const rule of policy.rules) {
      if (!this.drivers.validateRuleForPort(rule, port, network)) throw new QosRuleNotSupported({ rule_type: rule.type, port_id: port['id'] });
    }
  }

  #forNetwork(policy: QosPolicyRecord, network: ResourceDict): void {
    for (const rule of policy.rules) {
      if (!this.drivers.validateRuleForNetwork(rule, network)) throw new QosRuleNotSupportedByNetwork({ rule_type: rule.type, network_id: network['id'] });
    }
  }

  // The network as the core plugin shows it, provider attributes included (the precommit's dict may not have them yet).
  #network(session: Session, id: string): Promise<ResourceDict> {
    return this.core.getNetwork(session.context.elevated(), id);
  }

  async #policy(session: Session, id: string): Promise<QosPolicyRecord> {
    return this.policies.policy(session.withContext(session.context.elevated()), id);
  }

  async #portCreated(session: Session, port: ResourceDict): Promise<void> {
    const networkId = String(port['network_id']);
    const policyId = port[QOS_POLICY_ID] ?? (await policyBindings.networkPolicies(qosView(session.db), [networkId])).get(networkId);
    if (typeof policyId === 'string') await this.validatePolicy(session, await this.#policy(session, policyId), [port]);
  }

  async #portUpdated(session: Session, request: ResourceRequest, original: ResourceDict, updated: ResourceDict): Promise<void> {
    const policyId = request[QOS_POLICY_ID];
    if (typeof policyId !== 'string' || policyId === original[QOS_POLICY_ID]) return;
    await this.validatePolicy(session, await this.#policy(session, policyId), [updated]);
  }

  async #networkCreated(session: Session, network: ResourceDict): Promise<void> {
    const policyId = network[QOS_POLICY_ID];
    if (typeof policyId !== 'string') return;
    const policy = await this.#policy(session, policyId);
    if (policy.rules.length > 0) this.#forNetwork(policy, await this.#network(session, String(network['id'])));
  }

  /** The network and its ports without a policy of their own, checked against one load of the network. */
  async #networkUpdated(session: Session, request: ResourceRequest, original: ResourceDict, updated: ResourceDict): Promise<void> {
    const policyId = request[QOS_POLICY_ID];
    if (typeof policyId !== 'string' || policyId === original[QOS_POLICY_ID]) return;
    const policy = await this.#policy(session, policyId);
    if (policy.rules.length === 0) return;
    const network = await this.#network(session, String(updated['id']));
    this.#forNetwork(policy, network);
    const ports = await this.core.getPorts(session.context.elevated(), { filters: { network_id: [String(updated['id'])] } });
    for (const port of ports) if (!hasOwnPolicy(port)) this.#forPort(policy, port, network);
  }
}

function hasOwnPolicy(port: ResourceDict): boolean {
  return port[QOS_POLICY_ID] !== null && port[QOS_POLICY_ID] !== undefined;
}
