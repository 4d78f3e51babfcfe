import { ExtensionManager } from '@net-server/entrypoints';
import type { Logger } from '@net-server/lib';
import { discoveryOptions, type PluginSource } from '../plugin-source.js';
import { OptionRegistry } from './option-registry.js';
import { serverOptionGroups } from './server-options.js';

export const CONFIG_OPTS_NAMESPACE = 'net_server.config.opts';
const OWN_PACKAGE = 'net-server';

/**
 * Registers the options of every installed package's
 * `net_server.config.opts` entry point. A package whose entry point fails
 * to load is warned about and its options stay unknown. When net-server
 * itself is not among the discovered packages (run from a checkout, or from
 * outside the application), its own options are registered directly.
 */
export async function discoverOptions(source: PluginSource, logger: Logger): Promise<OptionRegistry> {
  const registry = new OptionRegistry();
  const manager = await ExtensionManager.load({
    ...discoveryOptions(source),
    namespace: CONFIG_OPTS_NAMESPACE,
    logger,
    onLoadFailure: (_manager, entryPoint, error) =>
      logger.warn('config options of a package could not be loaded; its options are unknown', {
        package: entryPoint?.package.name,
        entryPoint: entryPoint?.name,
        error: error.message,
        code: error.code,
      }),
  });
  let own = false;
  for (const extension of manager) {
    const source = extension.entryPoint?.package.name ?? extension.name;
    registry.register(extension.plugin, source);
    own ||= source === OWN_PACKAGE;
  }
  if (!own) registry.register(serverOptionGroups, OWN_PACKAGE);
  return registry;
}
