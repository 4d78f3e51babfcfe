import { constants, type Context, type CorePlugin, type ListOptions, type ResourceDict } from '@net-server/lib';
import { requireCoreCapabilities, type CoreCapabilities } from 'net-server';

/**
 * The core plugin as the trunk plugin uses it: ports and networks through
 * its published methods, net-server's transactions and hooks (trunks are
 * written in the core's transactions; ports show their trunk and are not
 * deleted from under one), the resources pull API agents pull trunks from,
 * and its RPC transport.
 */
export type TrunkCorePlugin = CorePlugin & Pick<CoreCapabilities, 'hooks' | 'transactions' | 'resourceProducers' | 'transport'>;

export function asTrunkCorePlugin(plugin: CorePlugin): TrunkCorePlugin {
  return requireCoreCapabilities(plugin, 'trunk', ['hooks', 'transactions', 'resourceProducers', 'transport']);
}

/** Whether the core plugin supports an API extension (neutron's extensions.is_extension_supported). */
export function coreSupports(core: CorePlugin, alias: string): boolean {
  return (core.supportedExtensionAliases ?? []).includes(alias);
}

/** The types of the agents on a host, when the core plugin has agents (neutron's trunk utils.get_agent_types_by_host). */
export async function agentTypesOnHost(core: CorePlugin, context: Context, host: string): Promise<string[]> {
  const getAgents = (core as { getAgents?: (context: Context, options?: ListOptions) => Promise<ResourceDict[]> }).getAgents;
  if (!coreSupports(core, 'agent') || getAgents === undefined) return [];
  const agents = await getAgents.call(core, context.elevated(), { filters: { host: [host] } });
  return agents.map((agent) => String(agent['agent_type']));
}

/** The port's binding host, '' when it is not bound. */
export function bindingHost(port: ResourceDict): string {
  return String(port[constants.HOST_ID] ?? '');
}
