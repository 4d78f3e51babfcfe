import { getAdminContext, silentLogger } from '@net-server/lib';
import { TransactionRunner, type Database } from 'net-server';
import { ml2View } from './ml2-view.js';
import type { Ml2Db } from './schema.js';

/**
 * Runs `fn` in one write transaction of the server's TransactionRunner
 * (BEGIN IMMEDIATE on SQLite, retried whole when it loses a race with
 * another process), for using ML2's managers without the plugin, e.g.
 * `TypeManager.createNetworkSegments` in a tool or test.
 */
export async function runInTransaction<T>(database: Database, fn: (db: Ml2Db) => Promise<T>): Promise<T> {
  return new TransactionRunner(database, silentLogger).write(getAdminContext(), (session) => fn(ml2View(session.db)));
}

/** ML2's typed view of the engine, for reads outside a transaction. */
export function ml2Db(database: Database): Ml2Db {
  return ml2View(database.db);
}
