import type { DiscoveryOptions, SelectionOptions } from '@net-server/entrypoints';
import type { ConfigReader, Logger } from '@net-server/lib';
import type { Database } from '../db/database.js';
import type { PluginDirectory } from './plugin-directory.js';

/**
 * What the NeutronManager hands a plugin it creates. A plugin's entry point
 * exports a class (constructed with this) or a function (called with this,
 * possibly async) that returns the plugin.
 */
export interface PluginInit {
  /** The alias or spec the plugin was configured by. */
  name: string;
  config: ConfigReader;
  logger: Logger;
  /**
   * Plugins loaded so far: the core plugin is there when service plugins are
   * created; look others up lazily, once loading has finished.
   */
  directory: PluginDirectory;
  /** The process's database engine, when the server opened one. */
  database: Database | undefined;
  /**
   * Where the server found its plugins (root, host, host API versions): a
   * plugin that loads drivers of its own discovers them the same way.
   */
  discovery: DiscoveryOptions & SelectionOptions;
}
