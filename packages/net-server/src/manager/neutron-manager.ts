import {
  PluginConfigError,
  pluginTypes,
  silentLogger,
  type ConfigReader,
  type CorePlugin,
  type Logger,
  type PluginBase,
  type ServicePlugin,
} from '@net-server/lib';
import { Config } from '../config/config.js';
import { describeOrigin, PluginOptionError, type ValueOrigin } from '../config/errors.js';
import { coreOptions } from '../config/server-options.js';
import type { Database } from '../db/database.js';
import { discoveryOptions, type PluginSource } from '../plugin-source.js';
import { InvalidPluginError, PluginValidationError, ResourceConflictError } from './errors.js';
import { CORE, PluginDirectory } from './plugin-directory.js';
import type { PluginInit } from './plugin-init.js';
import { serviceProviders } from './configured-plugins.js';
import { CORE_PLUGINS_NAMESPACE, SERVICE_PLUGINS_NAMESPACE, loadPluginExport } from './plugin-loader.js';

/** Core plugin extensions that make it serve a service type itself. */
const EXTENSION_SERVICE_TYPES: Readonly<Record<string, string>> = {
  router: pluginTypes.L3,
  qos: pluginTypes.QOS,
  metering: pluginTypes.METERING,
  fwaas: pluginTypes.FIREWALL,
  vpnaas: pluginTypes.VPN,
};

/** The collections the core plugin serves. */
const CORE_RESOURCES = ['networks', 'subnets', 'subnetpools', 'ports'];

/** Returns a problem description, or undefined when all is well. */
export type PreLoadCheck = (config: ConfigReader) => string | undefined;
export type PostLoadCheck = (config: ConfigReader, directory: PluginDirectory) => string | undefined;

export interface ManagerOptions {
  config: ConfigReader;
  logger?: Logger;
  plugins?: PluginSource;
  database?: Database;
  /** Checks run before any plugin is imported, after the built-in ones. */
  preLoadChecks?: readonly PreLoadCheck[];
  /** Checks run once every plugin is created, after the built-in ones. */
  postLoadChecks?: readonly PostLoadCheck[];
}

/** neutron's validate_pre_plugin_load. */
const builtinPreLoadChecks: PreLoadCheck[] = [
  (config) => (config.get('DEFAULT', coreOptions.corePlugin).trim() === '' ? 'core_plugin is not configured' : undefined),
];

/** neutron's validate_post_plugin_load, plus the resource map's soundness. */
const builtinPostLoadChecks: PostLoadCheck[] = [(_config, directory) => (directory.get(CORE) ? undefined : 'no core plugin was loaded')];

/** A plugin export's optional list of service plugins it needs (neutron's required_service_plugins). */
interface RequiresServicePlugins {
  requiredServicePlugins?: readonly string[];
}

/**
 * Loads and holds one server's plugins (neutron/manager.py): the core
 * plugin by alias or spec, then the configured service plugins and the
 * default ones that are installed, one plugin per service type, and the
 * map from API resource collections to the plugin serving each.
 * `NeutronManager.load()` returns a new manager each time: unlike
 * neutron's, it is no process singleton, so that a process may run
 * several servers (tests do) and a reload loads its plugins beside the
 * running ones. Whoever needs the manager is handed it.
 */
export class NeutronManager {
  readonly directory = new PluginDirectory();
  readonly #resources = new Map<string, PluginBase>();
  /** One instance per export, so a plugin named twice is created once. */
  readonly #instances = new Map<unknown, PluginBase>();

  private constructor(private readonly options: ManagerOptions) {}

  static async load(options: ManagerOptions): Promise<NeutronManager> {
    const manager = new NeutronManager(options);
    await manager.#load();
    return manager;
  }

  /** The plugin for a service type; the core plugin by default. */
  getPlugin(serviceType: string = CORE): PluginBase | undefined {
    return this.directory.get(serviceType);
  }

  get corePlugin(): CorePlugin {
    return this.directory.corePlugin;
  }

  /** Service type -> plugin, the core plugin included. */
  getServicePlugins(): ReadonlyMap<string, PluginBase> {
    return this.directory.plugins;
  }

  getUniquePlugins(): PluginBase[] {
    return this.directory.uniquePlugins;
  }

  /** The plugin that serves an API resource collection ("networks", "routers"). */
  getPluginForResource(collection: string): PluginBase | undefined {
    return this.#resources.get(collection);
  }

  /** Routes a collection to a plugin (the API does this for extension resources). */
  setPluginForResource(collection: string, plugin: PluginBase): void {
    const existing = this.#resources.get(collection);
    if (existing && existing !== plugin) {
      throw new ResourceConflictError(collection, this.#name(existing), this.#name(plugin));
    }
    this.#resources.set(collection, plugin);
  }

  /** Collection -> plugin, as the API builds its routes from it. */
  get resources(): ReadonlyMap<string, PluginBase> {
    return new Map(this.#resources);
  }

  async #load(): Promise<void> {
    const { config } = this.options;
    this.#check(
      'pre-load',
      [...builtinPreLoadChecks, ...(this.options.preLoadChecks ?? [])].map((check) => check(config)),
    );
    const corePlugin = config.get('DEFAULT', coreOptions.corePlugin).trim();
    const core = await this.#create(CORE_PLUGINS_NAMESPACE, corePlugin, 'core_plugin');
    this.directory.add(CORE, core, corePlugin);
    this.#logger.info('loaded core plugin', { plugin: corePlugin });
    for (const alias of core.supportedExtensionAliases ?? []) {
      const serviceType = EXTENSION_SERVICE_TYPES[alias];
      if (serviceType) this.directory.add(serviceType, core, corePlugin);
    }
    for (const collection of CORE_RESOURCES) this.setPluginForResource(collection, core);

    for (const provider of serviceProviders(config, this.#source)) {
      const exported = await loadPluginExport(this.#source, SERVICE_PLUGINS_NAMESPACE, provider, 'service_plugins', this.#setIn('DEFAULT', 'service_plugins'));
      for (const required of (exported as RequiresServicePlugins | null)?.requiredServicePlugins ?? []) {
        this.#logger.info('loading a service plugin another one requires', { plugin: required, requiredBy: provider });
        await this.#addServicePlugin(required);
      }
      await this.#addServicePlugin(provider, exported);
    }
    for (const plugin of this.getUniquePlugins()) await plugin.pluginsLoaded?.();
    this.#check(
      'post-load',
      [...builtinPostLoadChecks, ...(this.options.postLoadChecks ?? [])].map((check) => check(config, this.directory)),
    );
  }

  get #logger(): Logger {
    return this.options.logger ?? silentLogger;
  }

  get #source(): PluginSource {
    return this.options.plugins ?? {};
  }

  #check(stage: 'pre-load' | 'post-load', results: (string | undefined)[]): void {
    const problems = results.filter((problem): problem is string => problem !== undefined);
    if (problems.length > 0) throw new PluginValidationError(stage, problems);
  }

  async #addServicePlugin(provider: string, exported?: unknown): Promise<void> {
    const plugin = (await this.#create(SERVICE_PLUGINS_NAMESPACE, provider, 'service_plugins', exported)) as ServicePlugin;
    if (typeof plugin.pluginType !== 'string' || plugin.pluginType === '') {
      throw new InvalidPluginError(provider, 'has no pluginType, so it cannot be a service plugin');
    }
    this.directory.add(plugin.pluginType, plugin, provider);
    for (const collection of plugin.resources ?? []) this.setPluginForResource(collection, plugin);
    this.#logger.info('loaded service plugin', {
      plugin: provider,
      type: plugin.pluginType,
      description: plugin.pluginDescription,
    });
  }

  async #create(namespace: string, provider: string, option: string, loaded?: unknown): Promise<PluginBase> {
    const exported = loaded ?? (await loadPluginExport(this.#source, namespace, provider, option, this.#setIn('DEFAULT', option)));
    const known = this.#instances.get(exported);
    if (known) return known;
    const init: PluginInit = {
      name: provider,
      config: this.options.config,
      logger: this.#logger.child({ plugin: provider }),
      directory: this.directory,
      database: this.options.database,
      discovery: discoveryOptions(this.#source),
    };
    let plugin: unknown;
    try {
      plugin = await instantiate(exported, init, provider);
    } catch (error) {
      if (error instanceof InvalidPluginError) throw error;
      if (PluginConfigError.is(error)) {
        throw new PluginOptionError(error.group, error.option, this.#origin(error.group, error.option), error.problem, provider, error);
      }
      throw new InvalidPluginError(provider, `failed while starting: ${error instanceof Error ? error.message : String(error)}`, error);
    }
    if (typeof plugin !== 'object' || plugin === null) {
      throw new InvalidPluginError(provider, `returned ${plugin === null ? 'null' : typeof plugin} instead of a plugin object`);
    }
    this.#instances.set(exported, plugin as PluginBase);
    return plugin as PluginBase;
  }

  /** Where an option was set, when the configuration is the server's own and knows. */
  #origin(group: string, option: string): ValueOrigin | undefined {
    const { config } = this.options;
    if (!(config instanceof Config) || !config.has(group, option)) return undefined;
    return config.origin(group, option);
  }

  #setIn(group: string, option: string): string | undefined {
    const origin = this.#origin(group, option);
    return origin === undefined || origin.kind === 'default' ? undefined : describeOrigin(origin);
  }

  #name(plugin: PluginBase): string {
    return this.directory.providerOf(plugin) ?? plugin.constructor.name;
  }
}

function isClass(value: unknown): boolean {
  return typeof value === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(value));
}

/** A class is constructed with `init`, a function called with it; an object is the plugin itself. */
async function instantiate(exported: unknown, init: PluginInit, provider: string): Promise<unknown> {
  if (typeof exported === 'function') {
    return isClass(exported) ? new (exported as new (init: PluginInit) => unknown)(init) : await (exported as (init: PluginInit) => unknown)(init);
  }
  if (typeof exported === 'object' && exported !== null) return exported;
  throw new InvalidPluginError(provider, `exports ${exported === null ? 'null' : typeof exported}, not a class, function or object`);
}
