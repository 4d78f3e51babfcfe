import type { ConfigReader, Logger } from '@net-server/lib';
import { databaseOptions } from '../config/server-options.js';
import { Database } from './database.js';
import type { SqliteDriverChoice } from './sqlite-driver.js';

/** Opens the engine that `[database]` options describe. */
export function openDatabase(config: ConfigReader, logger?: Logger): Database {
  const poolTimeout = config.get('database', databaseOptions.poolTimeout);
  return Database.open(config.get('database', databaseOptions.connection), {
    sqliteBusyTimeout: config.get('database', databaseOptions.sqliteBusyTimeout),
    sqliteSynchronous: config.get('database', databaseOptions.sqliteSynchronous),
    // The option's choices are exactly the driver choices.
    sqliteDriver: config.get('database', databaseOptions.sqliteDriver) as SqliteDriverChoice,
    maxPoolSize: config.get('database', databaseOptions.maxPoolSize),
    idleTimeout: config.get('database', databaseOptions.connectionRecycleTime),
    preparedStatements: config.get('database', databaseOptions.postgresqlPreparedStatements),
    ...(poolTimeout === undefined ? {} : { poolTimeout }),
    ...(logger === undefined ? {} : { logger }),
  });
}
