import { silentLogger, type Logger } from '@net-server/lib';
import type { PluginSource } from '../plugin-source.js';
import { parseCliOverrides } from './cli-overrides.js';
import { readConfigFiles, type ConfigFileSelection } from './config-files.js';
import { Config } from './config.js';
import { discoverOptions } from './option-discovery.js';

export interface LoadConfigOptions extends ConfigFileSelection {
  plugins?: PluginSource;
  /** Option flags from the command line (`--bind-port 80`, `--database-connection=...`). */
  args?: readonly string[];
  /** Default: process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  logger?: Logger;
}

/**
 * Loads the configuration as a server process does: registers the options
 * of every installed package, reads the config files (the given ones, or the
 * default search path), then applies the environment and the command line.
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<Config> {
  const logger = options.logger ?? silentLogger;
  const registry = await discoverOptions(options.plugins ?? {}, logger);
  const overrides = parseCliOverrides(options.args ?? [], registry);
  const files = readConfigFiles(options);
  return Config.resolve(registry, { files, env: options.env ?? process.env, overrides }, logger);
}
