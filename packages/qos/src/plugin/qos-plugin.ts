import {
  getAdminContext,
  networkSegmentsOf,
  pluginTypes,
  type Context,
  type ListOptions,
  type Logger,
  type ResourceDict,
  type ResourceRequest,
  type ServicePlugin,
  type TagsCapable,
} from '@net-server/lib';
import type { PluginInit } from 'net-server';
import { QOS_POLICY_RESOURCE, QOS_SERVICE_TYPE } from '../constants.js';
import { QOS_DRIVERS_BY_MECHANISM, type QosDriver } from '../drivers/qos-driver.js';
import { QosDriverManager } from '../drivers/qos-driver-manager.js';
import { policyProducer } from '../rpc/policy-producer.js';
import { PolicyPush } from '../rpc/policy-push.js';
import { asQosCorePlugin } from './core-access.js';
import { QosCoreResourceExtension } from './core-resource-extension.js';
import { attachToL3, l3HookChainsOf } from './l3-bindings.js';
import { Policies } from './policies.js';
import { PortResourceRequests, type FirstSegmentPhysnets } from './resource-request.js';
import { qosPolicyRbac } from './policy-rbac.js';
import { PolicyValidation } from './policy-validation.js';
import { BANDWIDTH_LIMIT, DSCP_MARKING, MINIMUM_BANDWIDTH, MINIMUM_PACKET_RATE, PACKET_RATE_LIMIT } from './rule-kinds.js';
import { RuleTypes } from './rule-types.js';
import { Rules } from './rules.js';

/** The QoS drivers of the mechanism drivers ML2 loaded (in neutron each mechanism driver registers its own). */
function loadedDrivers(core: object): QosDriver[] {
  const mechanisms = (core as { mechanismManager?: { drivers?: readonly { name: string }[] } }).mechanismManager?.drivers ?? [];
  return mechanisms.flatMap((mechanism) => QOS_DRIVERS_BY_MECHANISM[mechanism.name] ?? []);
}

/** The first segment's physical network of networks, from the core plugin's segments (none without them: no bandwidth group then). */
function firstSegmentPhysnets(core: object): FirstSegmentPhysnets {
  const segments = networkSegmentsOf(core);
  return async (networkIds) => {
    const first = new Map<string, string | null>();
    // Listed by network and segment index: the first one seen is the network's first, as neutron's segments[0].
    for (const segment of (await segments?.list(getAdminContext(), { networkIds })) ?? []) {
      if (!first.has(segment.network_id)) first.set(segment.network_id, segment.physical_network);
    }
    return first;
  };
}

/**
 * The `qos` service plugin (neutron's QoSPlugin): policies with bandwidth
 * limit, DSCP marking, minimum bandwidth, packet rate limit and minimum
 * packet rate rules, shared through RBAC entries (`qos_policy`), one
 * default policy per project, rule types from the QoS drivers of the loaded mechanism
 * drivers, `qos_policy_id` on ports and networks through ML2's `qos`
 * extension driver (and, with L3 loaded, on floating IPs and router
 * gateways through L3's hooks), ports' `resource_request` from their
 * policies' minimum bandwidth and packet rate rules, policies pulled by agents through ML2's resources pull
 * API and pushed to them on `neutron-vo-QosPolicy-1.10`. Policies carry
 * tags (TagsCapable) for the `tag` service plugin, as neutron's QosPolicy
 * model has tag_support.
 */
export class QosPlugin implements ServicePlugin, TagsCapable {
  readonly pluginType = QOS_SERVICE_TYPE;
  readonly pluginDescription = 'Implementation of the Neutron QoS Service Plugin.';
  readonly #aliases = [
    'qos',
    'qos-bw-limit-direction',
    'qos-default',
    'qos-rule-type-details',
    'qos-rule-type-filter',
    'qos-bw-minimum-ingress',
    'qos-rules-alias',
    'qos-port-network-policy',
    'port-resource-request',
    'port-resource-request-groups',
    'qos-pps',
    'qos-pps-minimum',
    'qos-pps-minimum-rule-alias',
  ];
  #detachFromL3: (() => void) | undefined;
  // The rules' collections, under policies and through the alias API, route to this plugin by their extensions.
  readonly resources = ['policies', 'rule_types'];
  readonly taggableCollections = ['policies'];
  readonly drivers: QosDriverManager;
  readonly policies: Policies;
  readonly #ruleTypes: RuleTypes;
  readonly #bandwidthLimit: Rules;
  readonly #dscpMarking: Rules;
  readonly #minimumBandwidth: Rules;
  readonly #packetRateLimit: Rules;
  readonly #minimumPacketRate: Rules;
  readonly #unprovide: () => void;
  readonly #logger: Logger;
  readonly #init: PluginInit;

  constructor(init: PluginInit) {
    this.#init = init;
    this.#logger = init.logger;
    const { core, driver } = asQosCorePlugin(init.directory.corePlugin);
    this.drivers = new QosDriverManager(loadedDrivers(core));
    const push = this.drivers.rpcNotificationsRequired ? new PolicyPush(() => core.transport(), init.logger) : undefined;
    core.networkRbac.registerObjectType(qosPolicyRbac());
    this.policies = new Policies(core, push);
    const validation = new PolicyValidation(core, this.policies, this.drivers);
    this.#ruleTypes = new RuleTypes(this.drivers);
    this.#bandwidthLimit = new Rules(BANDWIDTH_LIMIT, core, this.policies, validation, push);
    this.#dscpMarking = new Rules(DSCP_MARKING, core, this.policies, validation, push);
    this.#minimumBandwidth = new Rules(MINIMUM_BANDWIDTH, core, this.policies, validation, push);
    this.#packetRateLimit = new Rules(PACKET_RATE_LIMIT, core, this.policies, validation, push);
    this.#minimumPacketRate = new Rules(MINIMUM_PACKET_RATE, core, this.policies, validation, push);
    driver.attachQosPlugin(new QosCoreResourceExtension(this.policies, new PortResourceRequests(firstSegmentPhysnets(core))));
    this.#unprovide = core.resourceProducers.provide(QOS_POLICY_RESOURCE, policyProducer(core.transactions, this.policies));
    if (this.drivers.drivers.length === 0) {
      this.#logger.warn('No QoS driver is loaded: no rule type is supported and ports cannot have policies with rules', {
        hint: 'the openvswitch and linuxbridge mechanism drivers bring their QoS drivers',
      });
    }
  }

  /** The extensions served: qos-fip and qos-gateway-ip once attached to the L3 plugin (neutron's L3 plugin lists them with QoS loaded). */
  get supportedExtensionAliases(): readonly string[] {
    return this.#detachFromL3 ? [...this.#aliases, 'qos-fip', 'qos-gateway-ip'] : this.#aliases;
  }

  /** With the L3 plugin loaded (before or after this one), keeps the policies of its floating IPs and router gateways. */
  pluginsLoaded(): void {
    const l3 = l3HookChainsOf(this.#init.directory.get(pluginTypes.L3));
    if (l3) this.#detachFromL3 = attachToL3(l3, this.policies);
  }

  /** Stops providing policies to the core plugin's pull API and leaves L3's hooks (a reload builds a new plugin). */
  async close(): Promise<void> {
    this.#unprovide();
    this.#detachFromL3?.();
  }

  createPolicy(context: Context, body: ResourceRequest): Promise<ResourceDict> {
    return this.policies.create(context, body);
  }
  updatePolicy(context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    return this.policies.update(context, id, body);
  }
  deletePolicy(context: Context, id: string): Promise<void> {
    return this.policies.delete(context, id);
  }
  getPolicy(context: Context, id: string): Promise<ResourceDict> {
    return this.policies.get(context, id);
  }
  getPolicies(context: Context, options?: ListOptions): Promise<ResourceDict[]> {
    return this.policies.list(context, options);
  }
  /** TagsCapable: a policy whose tags changed is revised (not pushed to agents: neutron's tag plugin does not notify them either). */
  tagsChanged(context: Context, collection: string, id: string): Promise<boolean> {
    return collection === 'policies' ? this.policies.tagsChanged(context, id) : Promise.resolve(false);
  }

  getRuleTypes(context: Context, options?: ListOptions): Promise<ResourceDict[]> {
    return this.#ruleTypes.getRuleTypes(context, options);
  }
  getRuleType(context: Context, type: string): Promise<ResourceDict> {
    return this.#ruleTypes.getRuleType(context, type);
  }

  createPolicyBandwidthLimitRule(context: Context, policyId: string, body: ResourceRequest): Promise<ResourceDict> {
    return this.#bandwidthLimit.create(context, policyId, body);
  }
  updatePolicyBandwidthLimitRule(context: Context, id: string, policyId: string, body: ResourceRequest): Promise<ResourceDict> {
    return this.#bandwidthLimit.update(context, id, policyId, body);
  }
  deletePolicyBandwidthLimitRule(context: Context, id: string, policyId: string): Promise<void> {
    return this.#bandwidthLimit.delete(context, id, policyId);
  }
  getPolicyBandwidthLimitRule(context: Context, id: string, policyId: string): Promise<ResourceDict> {
    return this.#bandwidthLimit.get(context, id, policyId);
  }
  getPolicyBandwidthLimitRules(context: Context, policyId: string, options?: ListOptions): Promise<ResourceDict[]> {
    return this.#bandwidthLimit.list(context, policyId, options);
  }

  createPolicyDscpMarkingRule(context: Context, policyId: string, body: ResourceRequest): Promise<ResourceDict> {
    return this.#dscpMarking.create(context, policyId, body);
  }
  updatePolicyDscpMarkingRule(context: Context, id: string, policyId: string, body: ResourceRequest): Promise<ResourceDict> {
    return this.#dscpMarking.update(context, id, policyId, body);
  }
  deletePolicyDscpMarkingRule(context: Context, id: string, policyId: string): Promise<void> {
    return this.#dscpMarking.delete(context, id, policyId);
  }
  getPolicyDscpMarkingRule(context: Context, id: string, policyId: string): Promise<ResourceDict> {
    return this.#dscpMarking.get(context, id, policyId);
  }
  getPolicyDscpMarkingRules(context: Context, policyId: string, options?: ListOptions): Promise<ResourceDict[]> {
    return this.#dscpMarking.list(context, policyId, options);
  }

  createPolicyMinimumBandwidthRule(context: Context, policyId: string, body: ResourceRequest): Promise<ResourceDict> {
    return this.#minimumBandwidth.create(context, policyId, body);
  }
  updatePolicyMinimumBandwidthRule(context: Context, id: string, policyId: string, body: ResourceRequest): Promise<ResourceDict> {
    return this.#minimumBandwidth.update(context, id, policyId, body);
  }
  deletePolicyMinimumBandwidthRule(context: Context, id: string, policyId: string): Promise<void> {
    return this.#minimumBandwidth.delete(context, id, policyId);
  }
  getPolicyMinimumBandwidthRule(context: Context, id: string, policyId: string): Promise<ResourceDict> {
    return this.#minimumBandwidth.get(context, id, policyId);
  }
  getPolicyMinimumBandwidthRules(context: Context, policyId: string, options?: ListOptions): Promise<ResourceDict[]> {
    return this.#minimumBandwidth.list(context, policyId, options);
  }

  createPolicyPacketRateLimitRule(context: Context, policyId: string, body: ResourceRequest): Promise<ResourceDict> {
    return this.#packetRateLimit.create(context, policyId, body);
  }
  updatePolicyPacketRateLimitRule(context: Context, id: string, policyId: string, body: ResourceRequest): Promise<ResourceDict> {
    return this.#packetRateLimit.update(context, id, policyId, body);
  }
  deletePolicyPacketRateLimitRule(context: Context, id: string, policyId: string): Promise<void> {
    return this.#packetRateLimit.delete(context, id, policyId);
  }
  getPolicyPacketRateLimitRule(context: Context, id: string, policyId: string): Promise<ResourceDict> {
    return this.#packetRateLimit.get(context, id, policyId);
  }
  getPolicyPacketRateLimitRules(context: Context, policyId: string, options?: ListOptions): Promise<ResourceDict[]> {
    return this.#packetRateLimit.list(context, policyId, options);
  }

  createPolicyMinimumPacketRateRule(context: Context, policyId: string, body: ResourceRequest): Promise<ResourceDict> {
    return this.#minimumPacketRate.create(context, policyId, body);
  }
  updatePolicyMinimumPacketRateRule(context: Context, id: string, policyId: string, body: ResourceRequest): Promise<ResourceDict> {
    return this.#minimumPacketRate.update(context, id, policyId, body);
  }
  deletePolicyMinimumPacketRateRule(context: Context, id: string, policyId: string): Promise<void> {
    return this.#minimumPacketRate.delete(context, id, policyId);
  }
  getPolicyMinimumPacketRateRule(context: Context, id: string, policyId: string): Promise<ResourceDict> {
    return this.#minimumPacketRate.get(context, id, policyId);
  }
  getPolicyMinimumPacketRateRules(context: Context, policyId: string, options?: ListOptions): Promise<ResourceDict[]> {
    return this.#minimumPacketRate.list(context, policyId, options);
  }

  // The rules-alias API: a rule by its id alone (neutron's get_rule, update_rule, delete_rule).
  async getAliasBandwidthLimitRule(context: Context, id: string): Promise<ResourceDict> {
    return this.#bandwidthLimit.get(context, id, await this.#bandwidthLimit.policyOf(context, id));
  }
  async updateAliasBandwidthLimitRule(context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    return this.#bandwidthLimit.update(context, id, await this.#bandwidthLimit.policyOf(context, id), body);
  }
  async deleteAliasBandwidthLimitRule(context: Context, id: string): Promise<void> {
    return this.#bandwidthLimit.delete(context, id, await this.#bandwidthLimit.policyOf(context, id));
  }
  async getAliasDscpMarkingRule(context: Context, id: string): Promise<ResourceDict> {
    return this.#dscpMarking.get(context, id, await this.#dscpMarking.policyOf(context, id));
  }
  async updateAliasDscpMarkingRule(context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    return this.#dscpMarking.update(context, id, await this.#dscpMarking.policyOf(context, id), body);
  }
  async deleteAliasDscpMarkingRule(context: Context, id: string): Promise<void> {
    return this.#dscpMarking.delete(context, id, await this.#dscpMarking.policyOf(context, id));
  }
  async getAliasMinimumBandwidthRule(context: Context, id: string): Promise<ResourceDict> {
    return this.#minimumBandwidth.get(context, id, await this.#minimumBandwidth.policyOf(context, id));
  }
  async updateAliasMinimumBandwidthRule(context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    return this.#minimumBandwidth.update(context, id, await this.#minimumBandwidth.policyOf(context, id), body);
  }
  async deleteAliasMinimumBandwidthRule(context: Context, id: string): Promise<void> {
    return this.#minimumBandwidth.delete(context, id, await this.#minimumBandwidth.policyOf(context, id));
  }
  async getAliasMinimumPacketRateRule(context: Context, id: string): Promise<ResourceDict> {
    return this.#minimumPacketRate.get(context, id, await this.#minimumPacketRate.policyOf(context, id));
  }
  async updateAliasMinimumPacketRateRule(context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    return this.#minimumPacketRate.update(context, id, await this.#minimumPacketRate.policyOf(context, id), body);
  }
  async deleteAliasMinimumPacketRateRule(context: Context, id: string): Promise<void> {
    return this.#minimumPacketRate.delete(context, id, await this.#minimumPacketRate.policyOf(context, id));
  }
}
