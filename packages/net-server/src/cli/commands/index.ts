import type { Command } from '../command.js';
import { configSampleCommand } from './config-sample.js';
import { dbCurrentCommand, dbUpgradeCommand } from './db.js';
import { pluginsCommand } from './plugins.js';

/**
 * Every `net-server` command, in help order. The server itself (`start`:
 * API workers, RPC workers and the process launcher) is added here by the
 * work that builds the API and worker model; it should call
 * `Migrator.assertCurrent()` before serving.
 */
export const commands: readonly Command[] = [pluginsCommand, configSampleCommand, dbUpgradeCommand, dbCurrentCommand];
