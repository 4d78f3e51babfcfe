import { sql, type SelectQueryBuilder } from 'kysely';
import type { Context } from '@net-server/lib';
import type { Dialect } from '../db/migration.js';
import type { CoreDb } from './schema.js';

/**
 * One unit of database work on behalf of a request, as neutron's
 * `context.session` inside `CONTEXT_WRITER.using(context)`: everything done
 * through `db` commits or rolls back together. Subclasses' precommit hooks
 * receive the session and write their own tables through `db`;
 * `afterCommit` queues work (ML2's postcommit, notifications) that runs only
 * once the transaction has committed, in order.
 */
export interface Session {
  readonly context: Context;
  /** The transaction's query layer (the plain engine for read sessions). */
  readonly db: CoreDb;
  readonly dialect: Dialect;
  /** false in a read session: writing through it is a programming error. */
  readonly writable: boolean;
  /** Runs `fn` after a successful commit; in a read session, right after the read. */
  afterCommit(fn: () => Promise<void> | void): void;
  /** The same transaction acting for another context (e.g. `context.elevated()`). */
  withContext(context: Context): Session;
}

/**
 * How a row is locked until the transaction ends: `update` queues other
 * updates of it (neutron's NetworkSubnetLock, subnet pool locks);
 * `exclusive` also holds off rows that would reference it (ports on a
 * network being deleted or unshared); `reference` is what a new referencing
 * row takes first, so that it waits for an `exclusive` holder and then
 * re-reads the row as committed.
 */
export type RowLock = 'update' | 'exclusive' | 'reference';

/**
 * Locks a row (see RowLock). PostgreSQL and MySQL only: an SQLite write
 * transaction already holds the whole file (BEGIN IMMEDIATE). InnoDB has no
 * lock that queues updates but lets foreign keys through, so `update` is an
 * exclusive lock there as `exclusive` is (a port create on the network
 * waits for a subnet create to commit, where PostgreSQL lets both run), and
 * `reference` a shared lock, which InnoDB's own foreign key check takes too.
 */
export async function lockRow(session: Session, table: 'networks' | 'subnets' | 'subnetpools', id: string, mode: RowLock): Promise<void> {
  if (session.dialect === 'sqlite') return;
  await withRowLock(session.db.selectFrom(table).select('id').where('id', '=', id), session.dialect, mode).execute();
}

/**
 * `query` taking `mode`'s lock on the rows it selects (see lockRow), so that
 * a read the transaction needs anyway takes the lock in the same round trip.
 * SQLite's query is unchanged.
 */
export function withRowLock<DB, TB extends keyof DB, Row>(
  query: SelectQueryBuilder<DB, TB, Row>,
  dialect: Dialect,
  mode: RowLock,
): SelectQueryBuilder<DB, TB, Row> {
  if (dialect === 'sqlite') return query;
  // LOCK IN SHARE MODE rather than FOR SHARE: MariaDB knows only the former, MySQL 8 both.
  if (dialect === 'mysql') return mode === 'reference' ? query.modifyEnd(sql`lock in share mode`) : query.forUpdate();
  return mode === 'exclusive' ? query.forUpdate() : mode === 'update' ? query.forNoKeyUpdate() : query.forKeyShare();
}

/** Keys of the transaction-scoped advisory locks taken by lockGlobally. */
export const GLOBAL_LOCKS = {
  /** Subnet CIDR checks across networks (allow_overlapping_ips = false). */
  subnetCidrs: 0x6e735375626e6574n,
  /** The one default subnet pool per IP family. */
  defaultSubnetPools: 0x6e73446566506f6cn,
} as const;

/** The table whose rows are MySQL's global locks (migration core_0003_mysql_global_locks). */
export const MYSQL_GLOBAL_LOCKS_TABLE = 'net_server_global_locks';

/**
 * Serialises a check that spans rows no single row lock covers (no
 * overlapping CIDR anywhere, one default pool) until the transaction ends.
 * PostgreSQL: a transaction-scoped advisory lock. MySQL: the key's row in
 * net_server_global_locks, created or updated (GET_LOCK would outlive the
 * transaction, and Galera does not replicate it; an updated row also makes
 * two nodes' transactions conflict at certification, so one retries).
 * SQLite: nothing to do, as for lockRow.
 */
export async function lockGlobally(session: Session, key: bigint): Promise<void> {
  if (session.dialect === 'postgres') {
    await sql`select pg_advisory_xact_lock(${sql.raw(key.toString())})`.execute(session.db);
  } else if (session.dialect === 'mysql') {
    await sql`insert into ${sql.table(MYSQL_GLOBAL_LOCKS_TABLE)} (id, taken) values (${key.toString()}, 1)
      on duplicate key update taken = taken + 1`.execute(session.db);
  }
}
