import type { Logger } from '@net-server/lib';
import { homedir } from 'node:os';
import { defaultConfigDirs } from '../config/config-files.js';
import type { Config } from '../config/config.js';
import { loadConfig } from '../config/load-config.js';
import { bootstrapLogger, createServerLogger } from '../logging/server-logger.js';
import type { PluginSource } from '../plugin-source.js';
import type { CliIo } from './cli-io.js';
import type { Invocation } from './command.js';

export function pluginSource(io: CliIo): PluginSource {
  return { root: io.cwd };
}

/** Loads the configuration the command line selects, and the logger its logging options describe. */
export async function loadCommandConfig(invocation: Invocation, io: CliIo): Promise<{ config: Config; logger: Logger }> {
  const config = await loadConfig({
    plugins: pluginSource(io),
    configFiles: invocation.configFiles,
    configDirs: invocation.configDirs,
    cwd: io.cwd,
    searchDirs: defaultConfigDirs(io.env['HOME'] ?? homedir(), io.cwd),
    args: invocation.configArgs,
    env: io.env,
    logger: bootstrapLogger(io),
  });
  return { config, logger: createServerLogger(config, io) };
}
