import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Database, sql } from 'net-server';
import type { RawBuilder } from 'kysely';

/** A database a test server owns: created for it, dropped when it stops. */
export interface TempDatabase {
  /** The `[database] connection` URL. */
  url: string;
  drop(): Promise<void>;
}

/** A SQLite file in the server's temporary directory, removed with it. */
export function tempSqlite(dir: string): TempDatabase {
  return { url: `sqlite:///${join(dir, 'net-server.sqlite')}`, drop: async () => {} };
}

/**
 * A fresh database on the PostgreSQL server `serverUrl` points at (its own
 * database is only used to create and drop the new one), so tests against
 * one server never see each other's rows.
 */
export async function tempPostgres(serverUrl: string): Promise<TempDatabase> {
  const name = `testkit_${randomBytes(6).toString('hex')}`;
  const admin = Database.open(serverUrl);
  try {
    await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin.db);
  } finally {
    await admin.close();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const dropper = Database.open(serverUrl);
      try {
        await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(dropper.db);
      } finally {
        await dropper.close();
      }
    },
  };
}

/**
 * A fresh database on the MySQL or MariaDB server `serverUrl` points at
 * (its own database is only connected to, to create and drop the new one),
 * so tests against one server never see each other's rows.
 */
export async function tempMysql(serverUrl: string): Promise<TempDatabase> {
  const name = `testkit_${randomBytes(6).toString('hex')}`;
  const onServer = async (statement: RawBuilder<unknown>): Promise<void> => {
    const admin = Database.open(serverUrl);
    try {
      await statement.execute(admin.db);
    } finally {
      await admin.close();
    }
  };
  await onServer(sql`create database ${sql.id(name)} character set utf8mb4`);
  // The database is the URL's last path segment (a password may hold a slash, a database name may not).
  const queryAt = serverUrl.indexOf('?');
  const base = queryAt < 0 ? serverUrl : serverUrl.slice(0, queryAt);
  const query = queryAt < 0 ? '' : serverUrl.slice(queryAt);
  return {
    url: `${base.slice(0, base.lastIndexOf('/'))}/${name}${query}`,
    // No FORCE needed: the server's engine is closed first, and DROP waits for any open transaction.
    drop: () => onServer(sql`drop database if exists ${sql.id(name)}`),
  };
}
