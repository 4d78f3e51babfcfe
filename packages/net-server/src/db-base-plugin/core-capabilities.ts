import {
  networkSegmentsOf,
  PluginConfigError,
  resourceProducersOf,
  type CorePlugin,
  type NetworkSegments,
  type ResourceProducerRegistry,
} from '@net-server/lib';
import type { Transport } from '@net-server/rpc';
import type { HookRegistry } from './hooks.js';
import type { NetworkRbacPolicies } from './network-rbac/network-rbac-policies.js';
import type { TransactionRunner } from './transaction-runner.js';

/** What a service plugin may need of the core plugin beyond its resource methods: DbBasePlugin's parts, ML2's extras. */
export interface CoreCapabilities {
  /** Resource lifecycle callbacks, so a service plugin's rows change with the core's. */
  readonly hooks: HookRegistry;
  /** The core's database transactions, which a service plugin's writes join. */
  readonly transactions: TransactionRunner;
  /**
   * The RBAC entries, to which a service plugin adds the network actions
   * (L3: access_as_external), the object types (QoS: qos_policy) it serves
   * and checks of others' entries (address scopes: subnet pools'), and
   * through which it deletes an entry with its type's checks (QoS: a
   * policy's `shared` switched off).
   */
  readonly networkRbac: Pick<NetworkRbacPolicies, 'registerAction' | 'registerObjectType' | 'registerCreateCheck' | 'delete'>;
  /** The segments the core plugin owns (SegmentsCapable). */
  readonly networkSegments: NetworkSegments;
  /** The resources agents pull, to which a service plugin adds its own. */
  readonly resourceProducers: ResourceProducerRegistry;
  /** The core's RPC transport, for notifying agents. */
  transport(): Promise<Transport>;
}

export type CoreCapability = keyof CoreCapabilities;

/** Checks by shape rather than class: the core plugin may come from another copy of net-server or ML2. */
const present: { readonly [K in CoreCapability]: (plugin: Partial<CoreCapabilities>) => boolean } = {
  hooks: (plugin) => typeof plugin.hooks?.add === 'function',
  transactions: (plugin) => typeof plugin.transactions?.write === 'function' && typeof plugin.transactions.read === 'function',
  networkRbac: (plugin) =>
    typeof plugin.networkRbac?.registerAction === 'function' &&
    typeof plugin.networkRbac.registerObjectType === 'function' &&
    typeof plugin.networkRbac.registerCreateCheck === 'function',
  networkSegments: (plugin) => networkSegmentsOf(plugin) !== undefined,
  resourceProducers: (plugin) => resourceProducersOf(plugin) !== undefined,
  transport: (plugin) => typeof plugin.transport === 'function',
};

const described: { readonly [K in CoreCapability]: string } = {
  hooks: 'hooks (resource lifecycle callbacks)',
  transactions: 'transactions (its database transactions)',
  networkRbac: 'networkRbac (RBAC entries)',
  networkSegments: 'networkSegments (create, delete and list segments)',
  resourceProducers: 'resourceProducers (the resources agents pull)',
  transport: 'transport() (its RPC transport)',
};

/**
 * A service plugin that needs more of the core plugin than the loaded one
 * has: a configuration to change (core_plugin), reported as one.
 */
export class UnsupportedCorePluginError extends PluginConfigError {
  override readonly code = 'UNSUPPORTED_CORE_PLUGIN';

  constructor(
    readonly servicePlugin: string,
    readonly missing: readonly CoreCapability[],
  ) {
    super(
      'DEFAULT',
      'core_plugin',
      `the ${servicePlugin} service plugin needs a core plugin built on net-server's DbBasePlugin; the loaded one lacks ` +
        `${missing.map((capability) => described[capability]).join(', ')}. Use core_plugin = ml2, or remove ${servicePlugin} from service_plugins`,
    );
    this.name = 'UnsupportedCorePluginError';
  }
}

/**
 * The core plugin typed with the capabilities `servicePlugin` needs, or
 * UnsupportedCorePluginError naming every one it lacks.
 */
export function requireCoreCapabilities<K extends CoreCapability>(
  plugin: CorePlugin,
  servicePlugin: string,
  needs: readonly K[],
): CorePlugin & Pick<CoreCapabilities, K> {
  const candidate = plugin as Partial<CoreCapabilities>;
  const missing = needs.filter((capability) => !present[capability](candidate));
  if (missing.length > 0) throw new UnsupportedCorePluginError(servicePlugin, missing);
  return plugin as CorePlugin & Pick<CoreCapabilities, K>;
}
