import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sqliteDriver, sqliteDriverNames, type SqliteConnection } from '../src/db/sqlite-driver.js';
import { enterWalMode } from '../src/db/sqlite-wal-mode.js';
import { tempDir } from './helpers.js';

describe.each(sqliteDriverNames)('enterWalMode on %s', (name) => {
  const { driver } = sqliteDriver(name);
  const open: SqliteConnection[] = [];
  afterEach(() => {
    for (const connection of open.splice(0)) connection.close();
  });

  /** A file in rollback-journal mode that another connection is reading: it holds the shared lock that switching to WAL must wait for. */
  function fileBeingRead(): { path: string; reader: SqliteConnection } {
    const path = join(tempDir('net-server-wal-'), 'db.sqlite');
    const reader = driver.open(path, 0);
    open.push(reader);
    reader.exec('create table t (a integer); insert into t values (1)');
    reader.exec('begin');
    reader.prepare('select count(*) from t').all([]);
    return { path, reader };
  }

  /** A connection whose busy handler never waits, as SQLite behaves when two connections would wait on each other. */
  function switcher(path: string): SqliteConnection {
    const connection = driver.open(path, 0);
    open.push(connection);
    return connection;
  }

  it('tries again until the other process lets go of the file', async () => {
    const { path, reader } = fileBeingRead();
    const connection = switcher(path);
    expect(() => connection.exec('pragma journal_mode = WAL')).toThrow(expect.objectContaining({ code: expect.stringMatching(/^SQLITE_BUSY/) }));
    setTimeout(() => reader.exec('commit'), 100);
    await enterWalMode(connection, 5_000);
    expect(connection.prepare('pragma journal_mode').all([])).toEqual([{ journal_mode: 'wal' }]);
  });

  it('gives up with SQLite’s busy error once the busy timeout has passed', async () => {
    const { path } = fileBeingRead();
    const started = Date.now();
    await expect(enterWalMode(switcher(path), 200)).rejects.toMatchObject({ code: expect.stringMatching(/^SQLITE_BUSY/) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });
});
