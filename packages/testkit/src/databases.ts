import type { StartServerOptions } from './start-server.js';

/** The databases a test server can run on: an embedded SQLite file, or a temporary database on a PostgreSQL or MySQL/MariaDB server. */
export type DatabaseKind = 'sqlite' | 'postgres' | 'mysql';

export const DATABASE_KINDS: readonly DatabaseKind[] = ['sqlite', 'postgres', 'mysql'];

/**
 * `startServer`'s options for a kind of database. The servers are the local
 * ones net-server's own CI runs (PostgreSQL with trust auth, MariaDB with
 * the `net_server_test` account), unless NET_SERVER_TEST_POSTGRES_URL or
 * NET_SERVER_TEST_MYSQL_URL names another; startServer makes a database of
 * its own on it and drops it at stop.
 */
export function databaseOptions(kind: DatabaseKind): Pick<StartServerOptions, 'postgresUrl' | 'mysqlUrl'> {
  switch (kind) {
    case 'postgres':
      return { postgresUrl: process.env['NET_SERVER_TEST_POSTGRES_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres' };
    case 'mysql':
      return { mysqlUrl: process.env['NET_SERVER_TEST_MYSQL_URL'] ?? 'mysql+pymysql://net_server_test:net_server_test@127.0.0.1:3306/information_schema' };
    case 'sqlite':
      return {};
  }
}
