import { pluginTypes, type CorePlugin, type PluginBase } from '@net-server/lib';
import { ServiceTypeConflictError } from './errors.js';

/** The service type of the core plugin (neutron_lib.plugins.constants.CORE). */
export const CORE = pluginTypes.CORE;

interface Entry {
  plugin: PluginBase;
  /** The configured name it was loaded by, for messages. */
  provider: string;
}

/**
 * The activated plugins by service type (neutron_lib's plugin directory):
 * "CORE" for the core plugin, each service plugin's `pluginType` for it.
 * A type holds one plugin; the same plugin may hold several types.
 */
export class PluginDirectory {
  readonly #plugins = new Map<string, Entry>();

  add(serviceType: string, plugin: PluginBase, provider: string): void {
    const existing = this.#plugins.get(serviceType);
    if (existing && existing.plugin !== plugin) {
      throw new ServiceTypeConflictError(serviceType, existing.provider, provider);
    }
    this.#plugins.set(serviceType, { plugin, provider });
  }

  get(serviceType: string = CORE): PluginBase | undefined {
    return this.#plugins.get(serviceType)?.plugin;
  }

  /** The core plugin; throws if none is loaded. */
  get corePlugin(): CorePlugin {
    const plugin = this.#plugins.get(CORE)?.plugin;
    if (!plugin) throw new Error('no core plugin is loaded');
    return plugin as CorePlugin;
  }

  /** Service type -> plugin, the core plugin under "CORE". */
  get plugins(): ReadonlyMap<string, PluginBase> {
    return new Map([...this.#plugins].map(([type, entry]) => [type, entry.plugin]));
  }

  /** Each loaded plugin once, core first. */
  get uniquePlugins(): PluginBase[] {
    return [...new Set([...this.#plugins.values()].map((entry) => entry.plugin))];
  }

  /** The configured name a plugin was loaded by. */
  providerOf(plugin: PluginBase): string | undefined {
    return [...this.#plugins.values()].find((entry) => entry.plugin === plugin)?.provider;
  }

  get isLoaded(): boolean {
    return this.#plugins.size > 0;
  }
}
