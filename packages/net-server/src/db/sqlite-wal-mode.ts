import { setTimeout as sleep } from 'node:timers/promises';
import { isSqliteBusy } from './driver-error.js';
import type { SqliteConnection } from './sqlite-driver.js';

/**
 * Puts a connection's file in WAL mode, waiting for other processes as its
 * busy timeout allows. Switching a new file needs it alone, and when two
 * processes open one at once (two `db upgrade`s, two servers' first start)
 * each can hold the shared lock the other waits on: SQLite then answers
 * SQLITE_BUSY at once instead of calling the busy handler, since waiting
 * could not end. Backing off and asking again lets the other one finish.
 */
export async function enterWalMode(sqlite: SqliteConnection, busyTimeoutMs: number): Promise<void> {
  const deadline = Date.now() + busyTimeoutMs;
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    try {
      sqlite.exec('pragma journal_mode = WAL');
      return;
    } catch (error) {
      if (!isSqliteBusy(error) || Date.now() + pause > deadline) throw error;
      await sleep(pause);
    }
  }
}
