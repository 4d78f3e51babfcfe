import type { Context } from '@net-server/lib';
import type { CoreDb } from '../db-base-plugin/schema.js';
import type { TransactionRunner } from '../db-base-plugin/transaction-runner.js';

/** neutron's quotas table: one row per project and resource whose limit was set. */
interface QuotasTable {
  project_id: string;
  resource: string;
  limit: number;
}

function quotasView(db: CoreDb) {
  return db.withTables<{ quotas: QuotasTable }>();
}

/** Per-project limits set through the API, in the core plugin's database. */
export class QuotaStore {
  constructor(private readonly transactions: Pick<TransactionRunner, 'read' | 'write'>) {}

  /** The limits a project has set, by resource. */
  limits(context: Context, projectId: string): Promise<Map<string, number>> {
    return this.transactions.read(context, async (session) => {
      const rows = await quotasView(session.db).selectFrom('quotas').select(['resource', 'limit']).where('project_id', '=', projectId).execute();
      return new Map(rows.map((row) => [row.resource, Number(row.limit)]));
    });
  }

  /** Every project with a limit set, with its set limits. */
  allLimits(context: Context): Promise<Map<string, Map<string, number>>> {
    return this.transactions.read(context, async (session) => {
      const rows = await quotasView(session.db).selectFrom('quotas').selectAll().orderBy('project_id').orderBy('resource').execute();
      const byProject = new Map<string, Map<string, number>>();
      for (const row of rows) {
        const limits = byProject.get(row.project_id) ?? new Map<string, number>();
        limits.set(row.resource, Number(row.limit));
        byProject.set(row.project_id, limits);
      }
      return byProject;
    });
  }

  /** Sets limits of one project, all or none. */
  setLimits(context: Context, projectId: string, limits: ReadonlyMap<string, number>): Promise<void> {
    return this.transactions.write(context, async (session) => {
      const db = quotasView(session.db);
      for (const [resource, limit] of limits) {
        const updated = await db.updateTable('quotas').set({ limit }).where('project_id', '=', projectId).where('resource', '=', resource).executeTakeFirst();
        if (Number(updated.numUpdatedRows) === 0) await db.insertInto('quotas').values({ project_id: projectId, resource, limit }).execute();
      }
    });
  }

  /** Forgets a project's limits; false when it had none. */
  deleteLimits(context: Context, projectId: string): Promise<boolean> {
    return this.transactions.write(context, async (session) => {
      const deleted = await quotasView(session.db).deleteFrom('quotas').where('project_id', '=', projectId).executeTakeFirst();
      return Number(deleted.numDeletedRows) > 0;
    });
  }
}
