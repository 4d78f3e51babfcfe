import { discover, selectEntryPoints } from '@net-server/entrypoints';
import { discoveryOptions, type PluginSource } from '../plugin-source.js';
import type { NeutronManager } from './neutron-manager.js';
import { CORE } from './plugin-directory.js';
import { CORE_PLUGINS_NAMESPACE, SERVICE_PLUGINS_NAMESPACE } from './plugin-loader.js';

/** A loaded plugin as an operator wants to see it: the name it was configured by and the package it came from. */
export interface LoadedPluginReport {
  /** The configured alias or `module:export` spec. */
  provider: string;
  /** The service types it serves, "CORE" for the core plugin. */
  serviceTypes: string[];
  /** The package that declares the alias; undefined for a `module:export` spec. */
  package?: { name: string; version: string };
}

/** `router (@net-server/l3 0.1.0; L3_ROUTER_NAT)`: for the start-up banner and `config check`. */
export function describeLoadedPlugin(report: LoadedPluginReport): string {
  const origin = report.package ? `${report.package.name} ${report.package.version}` : 'module spec';
  const types = report.serviceTypes.filter((type) => type !== CORE);
  return `${report.provider} (${origin}${types.length > 0 && !report.serviceTypes.includes(CORE) ? `; ${types.join(', ')}` : ''})`;
}

/**
 * Every plugin the manager loaded, core first, with the package whose
 * entry point its alias names: the one entry point loading chose (the
 * same admission rules: host API range, no duplicates).
 */
export function loadedPlugins(manager: NeutronManager, source: PluginSource): LoadedPluginReport[] {
  const options = discoveryOptions(source);
  const discovery = discover(options);
  const types = new Map<unknown, string[]>();
  for (const [serviceType, plugin] of manager.getServicePlugins()) types.set(plugin, [...(types.get(plugin) ?? []), serviceType]);
  return manager.getUniquePlugins().map((plugin) => {
    const serviceTypes = types.get(plugin) ?? [];
    const provider = manager.directory.providerOf(plugin) ?? plugin.constructor.name;
    const namespace = serviceTypes.includes(CORE) ? CORE_PLUGINS_NAMESPACE : SERVICE_PLUGINS_NAMESPACE;
    const candidates = discovery.entryPoints(namespace).filter((entryPoint) => entryPoint.name === provider);
    const [chosen, ...others] = selectEntryPoints(candidates, options).selected;
    const report: LoadedPluginReport = { provider, serviceTypes };
    if (chosen && others.length === 0) report.package = { name: chosen.package.name, version: chosen.package.version };
    return report;
  });
}
