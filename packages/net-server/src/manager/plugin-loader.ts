import { AliasOrSpecError, discover, loadByAliasOrSpec } from '@net-server/entrypoints';
import { discoveryOptions, type PluginSource } from '../plugin-source.js';
import { PluginNotFoundError } from './errors.js';

export const CORE_PLUGINS_NAMESPACE = 'net_server.core_plugins';
export const SERVICE_PLUGINS_NAMESPACE = 'net_server.service_plugins';

/**
 * Imports the export a configured plugin name refers to: an entry point
 * alias of `namespace`, else a `module:export` spec (neutron's
 * load_class_by_alias_or_classname).
 */
export async function loadPluginExport(
  source: PluginSource,
  namespace: string,
  provider: string,
  option: string,
): Promise<unknown> {
  try {
    return await loadByAliasOrSpec(namespace, provider, discoveryOptions(source));
  } catch (error) {
    if (error instanceof AliasOrSpecError) throw new PluginNotFoundError(namespace, provider, option, error);
    throw error;
  }
}

/** Whether some installed package declares `name` in `namespace`, without importing it. */
export function isInstalled(source: PluginSource, namespace: string, name: string): boolean {
  return discover(discoveryOptions(source))
    .entryPoints(namespace)
    .some((entryPoint) => entryPoint.name === name);
}
