import { createLogger, type Logger } from '@net-server/lib';
import { homedir } from 'node:os';
import { defaultConfigDirs } from '../config/config-files.js';
import type { Config } from '../config/config.js';
import { loadConfig } from '../config/load-config.js';
import { coreOptions } from '../config/server-options.js';
import type { PluginSource } from '../plugin-source.js';
import type { CliIo } from './cli-io.js';
import type { Invocation } from './command.js';

/** Structured log lines on the command's stderr. */
export function cliLogger(io: CliIo, debug = false): Logger {
  const level = debug ? 'debug' : io.env['NET_SERVER_LOG_LEVEL'] === 'debug' ? 'debug' : 'info';
  return createLogger({ level, write: (line) => io.stderr(`${line}\n`) });
}

export function pluginSource(io: CliIo): PluginSource {
  return { root: io.cwd };
}

/** Loads the configuration the command line selects, and a logger honouring `debug`. */
export async function loadCommandConfig(invocation: Invocation, io: CliIo): Promise<{ config: Config; logger: Logger }> {
  const config = await loadConfig({
    plugins: pluginSource(io),
    configFiles: invocation.configFiles,
    configDirs: invocation.configDirs,
    cwd: io.cwd,
    searchDirs: defaultConfigDirs(io.env['HOME'] ?? homedir(), io.cwd),
    args: invocation.configArgs,
    env: io.env,
    logger: cliLogger(io),
  });
  return { config, logger: cliLogger(io, config.get('DEFAULT', coreOptions.debug)) };
}
