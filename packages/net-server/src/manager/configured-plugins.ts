import { discover } from '@net-server/entrypoints';
import type { ConfigReader } from '@net-server/lib';
import { coreOptions } from '../config/server-options.js';
import { discoveryOptions, type PluginSource } from '../plugin-source.js';
import { CORE_PLUGINS_NAMESPACE, SERVICE_PLUGINS_NAMESPACE, isInstalled } from './plugin-loader.js';

/**
 * Service plugins loaded whenever installed, as neutron's
 * DEFAULT_SERVICE_PLUGINS: their extensions are part of the base API.
 * `address_scope` is not among neutron's because its core plugin serves
 * address scopes itself; net-server's package is loaded the same way so
 * that the API is neutron's wherever it is installed.
 */
export const DEFAULT_SERVICE_PLUGINS = ['auto_allocate', 'tag', 'timestamp', 'network_ip_availability', 'flavors', 'revisions', 'address_scope'];

/** service_plugins in order, then installed defaults not already named. */
export function serviceProviders(config: ConfigReader, source: PluginSource): string[] {
  const configured = config
    .get('DEFAULT', coreOptions.servicePlugins)
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const defaults = DEFAULT_SERVICE_PLUGINS.filter((name) => !configured.includes(name) && isInstalled(source, SERVICE_PLUGINS_NAMESPACE, name));
  return [...new Set([...configured, ...defaults])];
}

/**
 * The installed packages that provide the core plugin and the service
 * plugins the configuration loads (by alias; a `module:export` spec names no
 * package), found without importing anything. Their database migrations
 * are required; other packages' are optional.
 */
export function configuredPluginPackages(config: ConfigReader, source: PluginSource): Set<string> {
  const discovery = discover(discoveryOptions(source));
  const packages = new Set<string>();
  const add = (namespace: string, name: string): void => {
    for (const entryPoint of discovery.entryPoints(namespace)) if (entryPoint.name === name) packages.add(entryPoint.package.name);
  };
  add(CORE_PLUGINS_NAMESPACE, config.get('DEFAULT', coreOptions.corePlugin).trim());
  for (const provider of serviceProviders(config, source)) add(SERVICE_PLUGINS_NAMESPACE, provider);
  return packages;
}
