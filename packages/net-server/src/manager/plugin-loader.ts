import { AliasOrSpecError, discover, loadByAliasOrSpec } from '@net-server/entrypoints';
import { discoveryOptions, type PluginSource } from '../plugin-source.js';
import { PluginNotFoundError } from './errors.js';

export const CORE_PLUGINS_NAMESPACE = 'net_server.core_plugins';
export const SERVICE_PLUGINS_NAMESPACE = 'net_server.service_plugins';

/**
 * Imports the export a configured plugin name refers to: an entry point
 * alias of `namespace`, else a `module:export` spec (neutron's
 * load_class_by_alias_or_classname). `setIn` says where the option was
 * set, for the error.
 */
export async function loadPluginExport(source: PluginSource, namespace: string, provider: string, option: string, setIn?: string): Promise<unknown> {
  try {
    return await loadByAliasOrSpec(namespace, provider, discoveryOptions(source));
  } catch (error) {
    if (!(error instanceof AliasOrSpecError)) throw error;
    throw new PluginNotFoundError(namespace, provider, option, error, installedNames(source, namespace), setIn);
  }
}

/** The names installed packages declare in `namespace`, sorted. */
export function installedNames(source: PluginSource, namespace: string): string[] {
  return [
    ...new Set(
      discover(discoveryOptions(source))
        .entryPoints(namespace)
        .map((entryPoint) => entryPoint.name),
    ),
  ].sort();
}

/** Whether some installed package declares `name` in `namespace`, without importing it. */
export function isInstalled(source: PluginSource, namespace: string, name: string): boolean {
  return installedNames(source, namespace).includes(name);
}
