import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Context } from '@net-server/lib';
import type { Visibility } from './table-resource.js';

/** Any table's rows, as the kit queries tables it learns from descriptors. */
export type TableRows = Record<string, Record<string, unknown>>;

/** The SQL condition of the rows a caller sees: all of them, or those a condition selects. */
export type Scope = 'all' | ((eb: ExpressionBuilder<TableRows, string>) => Expression<SqlBool>);

/**
 * A visibility rule (table-resource.ts) as SQL for the caller in
 * `context`, widened by the hooks' `alsoVisible` subqueries of ids. The
 * owner's project is compared in SQL, so that a project's list reads its
 * rows only. `shared` is compared with 1, which SQLite's and MySQL's
 * integer booleans and PostgreSQL's boolean (for which an untyped '1' is
 * true) all take.
 */
export function visibilityScope(visibility: Visibility, context: Context, alsoVisible: readonly Expression<string>[]): Scope {
  if (visibility === 'everyone' || context.seesAllProjects) return 'all';
  const project = context.projectId ?? '';
  return (eb) => {
    const own =
      visibility === 'owner'
        ? [eb('project_id', '=', project)]
        : visibility === 'owner-or-shared'
          ? [eb('project_id', '=', project), eb('shared', '=', 1)]
          : [];
    const widened = [...own, ...alsoVisible.map((ids) => eb('id', 'in', ids))];
    // An empty OR is false: an admin-only resource nothing widens shows no row.
    return eb.or(widened);
  };
}
