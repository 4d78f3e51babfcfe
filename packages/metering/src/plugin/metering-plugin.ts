import {
  topics,
  type Context,
  type Filters,
  type ListOptions,
  type Logger,
  type ResourceDict,
  type ResourceRequest,
  type ServicePlugin,
} from '@net-server/lib';
import { createConnection, getRpcTransport, type RpcServer, type Transport } from '@net-server/rpc';
import { requireCoreCapabilities, ResourceStore, unwrapBody, type PluginInit, type Transactions } from 'net-server';
import { hostname } from 'node:os';
import { METERING, METERING_SERVICE_TYPE, METERING_SOURCE_AND_DESTINATION_FIELDS } from '../api/definitions.js';
import type { MeteringLabelRow, MeteringLabelRuleRow } from '../db/schema.js';
import { MeteringAgentNotifier } from '../rpc/metering-agent-notifier.js';
import { MeteringRpcCallbacks } from '../rpc/metering-rpc-callbacks.js';
import { MeteringSyncData } from '../rpc/sync-data.js';
import { L3Access } from './l3-access.js';
import { meteringLabelRules } from './label-rules.js';
import { meteringLabels } from './labels.js';
import { ruleOverlapping } from './rule-overlaps.js';
import { rulePrefixes } from './rule-prefixes.js';

/**
 * The `metering` service plugin (neutron's MeteringPlugin): metering
 * labels and their rules, kept with the resource kit in the core plugin's
 * transactions, and the metering agents told of every change
 * (`metering_agent`) and answered on `q-metering-plugin`. The routers
 * metered are the router plugin's (L3Access).
 */
export class MeteringPlugin implements ServicePlugin {
  readonly pluginType = METERING_SERVICE_TYPE;
  readonly pluginDescription = 'Neutron Metering Service Plugin';
  readonly supportedExtensionAliases = [METERING.alias, METERING_SOURCE_AND_DESTINATION_FIELDS.alias];
  readonly resources = ['metering_labels', 'metering_label_rules'];
  // The kit filters, sorts and pages the lists itself.
  readonly nativePaginationSupport = true;
  readonly nativeSortingSupport = true;
  readonly labels: ResourceStore<MeteringLabelRow>;
  readonly rules: ResourceStore<MeteringLabelRuleRow>;
  readonly #init: PluginInit;
  readonly #logger: Logger;
  readonly #transactions: Transactions;
  readonly #l3: L3Access;
  readonly #syncData: MeteringSyncData;
  readonly #notifier: MeteringAgentNotifier;
  #transport: Promise<Transport> | undefined;

  constructor(init: PluginInit) {
    this.#init = init;
    this.#logger = init.logger;
    this.#transactions = requireCoreCapabilities(init.directory.corePlugin, 'metering', ['transactions']).transactions;
    this.labels = new ResourceStore(this.#transactions, meteringLabels);
    this.rules = new ResourceStore(this.#transactions, meteringLabelRules);
    // A label's rules go with it, through the rules' store so that their hooks run too.
    this.labels.hooks.add({
      precommitDelete: async (session, label) => {
        for (const rule of await this.rules.listIn(session, { filters: { metering_label_id: [String(label['id'])] } }))
          await this.rules.deleteIn(session, String(rule['id']));
      },
    });
    this.#l3 = new L3Access(init.directory);
    this.#syncData = new MeteringSyncData(this.labels, this.rules, this.#l3);
    this.#notifier = new MeteringAgentNotifier(() => this.transport(), this.#l3, this.#logger);
  }

  async createMeteringLabel(context: Context, body: ResourceRequest): Promise<ResourceDict> {
    const label = await this.labels.create(context, body);
    await this.#notifier.notify(context, 'add_metering_label', await this.#syncData.forLabels(context));
    return label;
  }

  async deleteMeteringLabel(context: Context, id: string): Promise<void> {
    // What the agents stop metering, read while the label is still there.
    const routers = await this.#syncData.forLabels(context, id);
    await this.labels.delete(context, id);
    await this.#notifier.notify(context, 'remove_metering_label', routers);
  }

  getMeteringLabel(context: Context, id: string, fields?: readonly string[]): Promise<ResourceDict> {
    return this.labels.get(context, id, fields);
  }

  getMeteringLabels(context: Context, options?: ListOptions): Promise<ResourceDict[]> {
    return this.labels.list(context, options);
  }

  getMeteringLabelsCount(context: Context, filters?: Filters): Promise<number> {
    return this.labels.count(context, filters);
  }

  /**
   * neutron's create_metering_label_rule: the prefixes checked, the label
   * found (as the caller sees it), no overlap with a rule of the label in
   * the same direction and exclusion, in one transaction.
   */
  async createMeteringLabelRule(context: Context, body: ResourceRequest): Promise<ResourceDict> {
    const request = unwrapBody(body, meteringLabelRules.member);
    const prefixes = rulePrefixes(request);
    if (prefixes.remote_ip_prefix !== null) {
      this.#logger.warn("metering label rules' remote_ip_prefix is deprecated: use source_ip_prefix and destination_ip_prefix", {
        remote_ip_prefix: prefixes.remote_ip_prefix,
      });
    }
    const rule = await this.#transactions.write(context, async (session) => {
      const { dict: label } = await this.labels.find(session, String(request['metering_label_id']));
      const candidate = { ...request, ...prefixes, metering_label_id: label['id'] };
      await ruleOverlapping(session, this.rules, candidate, request['remote_ip_prefix']);
      return this.rules.createIn(session, candidate);
    });
    await this.#notifier.notify(context, 'add_metering_label_rule', await this.#syncData.forRule(context, rule));
    return rule;
  }

  async deleteMeteringLabelRule(context: Context, id: string): Promise<void> {
    const rule = await this.#transactions.write(context, async (session) => {
      const { dict } = await this.rules.find(session, id);
      await this.rules.deleteIn(session, id);
      return dict;
    });
    await this.#notifier.notify(context, 'remove_metering_label_rule', await this.#syncData.forRule(context, rule));
  }

  getMeteringLabelRule(context: Context, id: string, fields?: readonly string[]): Promise<ResourceDict> {
    return this.rules.get(context, id, fields);
  }

  getMeteringLabelRules(context: Context, options?: ListOptions): Promise<ResourceDict[]> {
    return this.rules.list(context, options);
  }

  getMeteringLabelRulesCount(context: Context, filters?: Filters): Promise<number> {
    return this.rules.count(context, filters);
  }

  /** Serves metering agents on `q-metering-plugin`; the server's RpcWorker runs and stops it. */
  async startRpcListeners(): Promise<RpcServer[]> {
    const connection = createConnection(await this.transport(), { logger: this.#logger });
    const callbacks = new MeteringRpcCallbacks({ syncData: this.#syncData, l3: this.#l3, logger: this.#logger });
    connection.createConsumer(topics.METERING_PLUGIN, [callbacks], { server: String(this.#init.config.value('DEFAULT', 'host') ?? '') || hostname() });
    return connection.consume();
  }

  /** The RPC transport agents reach this server on, built from `transport_url` on first use. */
  transport(): Promise<Transport> {
    const config = this.#init.config;
    this.#transport ??= getRpcTransport(
      {
        transport_url: String(config.value('DEFAULT', 'transport_url') ?? '') || undefined,
        control_exchange: String(config.value('DEFAULT', 'control_exchange') ?? 'neutron'),
        rpc_response_timeout: Number(config.value('DEFAULT', 'rpc_response_timeout') ?? 60),
      },
      // Transports installed for the server's application, which need not be the working directory.
      { logger: this.#logger, root: this.#init.discovery.root, paths: this.#init.discovery.paths },
    );
    return this.#transport;
  }

  /** Closes the RPC transport this plugin built, if it did. */
  async close(): Promise<void> {
    const built = this.#transport;
    this.#transport = undefined;
    if (built !== undefined) await (await built).cleanup();
  }
}
