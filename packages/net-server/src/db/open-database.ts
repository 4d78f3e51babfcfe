import type { ConfigReader, Logger } from '@net-server/lib';
import { databaseOptions } from '../config/server-options.js';
import { Database } from './database.js';

/** Opens the engine that `[database]` options describe. */
export function openDatabase(config: ConfigReader, logger?: Logger): Database {
  const poolTimeout = config.get('database', databaseOptions.poolTimeout);
  return Database.open(config.get('database', databaseOptions.connection), {
    sqliteBusyTimeout: config.get('database', databaseOptions.sqliteBusyTimeout),
    sqliteSynchronous: config.get('database', databaseOptions.sqliteSynchronous),
    maxPoolSize: config.get('database', databaseOptions.maxPoolSize),
    idleTimeout: config.get('database', databaseOptions.connectionRecycleTime),
    ...(poolTimeout === undefined ? {} : { poolTimeout }),
    ...(logger === undefined ? {} : { logger }),
  });
}
