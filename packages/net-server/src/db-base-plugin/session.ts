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
