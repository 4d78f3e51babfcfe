import type { Command } from '../command.js';
import { configSampleCommand } from './config-sample.js';
import { configCheckCommand } from './config-check.js';
import { dbCheckCommand, dbCurrentCommand, dbHistoryCommand, dbUpgradeCommand } from './db.js';
import { dbImportNeutronCommand } from './db-import-neutron.js';
import { pluginsCommand } from './plugins.js';
import { startCommand } from './start.js';

/** Every `net-server` command, in help order. */
export const commands: readonly Command[] = [
  startCommand,
  pluginsCommand,
  configSampleCommand,
  configCheckCommand,
  dbUpgradeCommand,
  dbCurrentCommand,
  dbHistoryCommand,
  dbCheckCommand,
  dbImportNeutronCommand,
];
