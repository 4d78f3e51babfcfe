import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import { UpgradeLockLostError } from './errors.js';
import type { MigrationSchema } from './migration.js';

/** The one-row table whose row is the upgrade lease. */
export const UPGRADE_LEASE_TABLE = 'net_server_upgrade_lease';

/** Seconds a lease lasts unless renewed; the migrator renews it before every migration. */
export const UPGRADE_LEASE_SECONDS = 120;

// ER_LOCK_DEADLOCK: two nodes of a Galera cluster took the lease at once, and this one lost certification.
const DEADLOCK = 1213;

/** A held upgrade lease: renew it before each step of work, release it at the end. */
export interface UpgradeLease {
  readonly holder: string;
  /** Extends the lease; throws UpgradeLockLostError when it expired and another process took it meanwhile. */
  renew(): Promise<void>;
  release(): Promise<void>;
}

/**
 * Serialises `db upgrade` on MySQL and MariaDB across processes and hosts,
 * Galera clusters included, where the PostgreSQL migrator takes an advisory
 * lock. Not GET_LOCK: its lock is the node's own, so two upgrades on two
 * Galera nodes would both hold it (and MariaDB's Galera refuses it in some
 * versions); and not a row lock, which the first migration's DDL would
 * release by committing. A lease is a row that every upgrader tries to
 * claim with one UPDATE, committed at once: Galera replicates it, and of
 * two nodes claiming it together one fails certification (1213) and tries
 * again. A holder that dies leaves the lease to expire after
 * `seconds` (the server's clock decides), and the next upgrade goes on.
 *
 * Call it with autocommit on and outside a transaction; `renew` may run
 * inside the migration's transaction (it commits with it).
 */
export async function leaseUpgrades(db: Kysely<MigrationSchema>, seconds: number = UPGRADE_LEASE_SECONDS, pollMs = 500): Promise<UpgradeLease> {
  const table = sql.table(UPGRADE_LEASE_TABLE);
  await sql`create table if not exists ${table} (id integer primary key, holder varchar(64), expires_at bigint not null) engine = InnoDB`.execute(db);
  const holder = randomUUID();
  for (;;) {
    try {
      // The row, once: a second creator's duplicate is no error, but two nodes inserting it together is a certification
      // failure for one of them, so it is in the loop too.
      await sql`insert into ${table} (id, holder, expires_at) values (1, null, 0) on duplicate key update id = id`.execute(db);
      const claimed = await sql`update ${table} set holder = ${holder}, expires_at = unix_timestamp() + ${seconds}
        where id = 1 and (holder is null or expires_at < unix_timestamp())`.execute(db);
      if (Number(claimed.numAffectedRows ?? 0n) === 1) break;
    } catch (error) {
      if ((error as { errno?: unknown }).errno !== DEADLOCK) throw error;
    }
    await sleep(pollMs);
  }
  return {
    holder,
    async renew() {
      const renewed = await sql`update ${table} set expires_at = unix_timestamp() + ${seconds} where id = 1 and holder = ${holder}`.execute(db);
      if (Number(renewed.numAffectedRows ?? 0n) !== 1) throw new UpgradeLockLostError(seconds);
    },
    async release() {
      await sql`update ${table} set holder = null, expires_at = 0 where id = 1 and holder = ${holder}`.execute(db);
    },
  };
}
