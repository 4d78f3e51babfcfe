import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ResourceDict } from '@net-server/lib';
import type { Session } from '../db-base-plugin/session.js';
import { newStandardColumns, revisionBump, standardAttributes } from '../db-base-plugin/standard-attributes.js';
import { resourceTags } from '../db-base-plugin/tags.js';
import type { ResourceHookChain } from './resource-hooks.js';
import type { ResourceOps, RowFilter, RowPage } from './resource-ops.js';
import { givenString, owningProject, type RequestBody } from './request-body.js';
import type { StandardColumns, TableResource } from './table-resource.js';
import { selectRows } from './select-rows.js';
import { visibilityScope, type TableRows } from './visibility.js';

/** The session's query layer over the descriptor's table: Kysely's database type is invariant, the object is the same. */
function rows(session: Session): Kysely<TableRows> {
  return session.db as unknown as Kysely<TableRows>;
}

/** Whether the descriptor's rows carry `project_id`. */
export function isOwned(descriptor: Pick<TableResource<{ id: string }>, 'visibility' | 'owned'>): boolean {
  return descriptor.visibility === 'owner' || descriptor.visibility === 'owner-or-shared' || descriptor.owned === true;
}

/**
 * Column values as every driver binds them: booleans as 1 and 0 (SQLite's
 * drivers bind no booleans; PostgreSQL reads an untyped 1 as true).
 */
function bindable(columns: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(columns).map(([name, value]) => [name, typeof value === 'boolean' ? Number(value) : value]));
}

/** Whether a stored column already holds the value an update asks for (booleans come back as 1/0 or true/false). */
function holds(stored: unknown, wanted: unknown): boolean {
  if (wanted === null || wanted === undefined) return stored === null || stored === undefined;
  if (stored === null || stored === undefined) return false;
  if (typeof wanted === 'boolean') return Boolean(stored) === wanted;
  return String(stored) === String(wanted);
}

/**
 * The ResourceOps of a table-backed resource, from its descriptor: rows
 * read with the visibility rule and the list's narrowing in SQL, dicts with
 * id, project and standard attributes (tags included) around the
 * descriptor's own, inserts and updates of its columns with the standard
 * ones kept by the kit (a revision per change), deletes that forget the tags.
 */
export function tableResourceOps<Row extends { id: string }>(descriptor: TableResource<Row>, hooks: ResourceHookChain): ResourceOps<Row> {
  const { table, standardAttributes: standard } = descriptor;
  const owned = isOwned(descriptor);
  return {
    member: descriptor.member,
    narrowBy: [...new Set(['id', ...(descriptor.sqlFilters ?? []), ...(owned ? ['project_id'] : [])])],
    ...(descriptor.matchers ? { matchers: descriptor.matchers } : {}),
    notFound: (id) => descriptor.notFound(id),

    loadRows: (session, filter, page) => loadTableRows(descriptor, hooks, session, filter, page),

    async makeDicts(session: Session, found: readonly Row[]): Promise<ResourceDict[]> {
      const tags = standard
        ? await resourceTags.load(
            session.db,
            found.map((row) => row.id),
          )
        : undefined;
      return found.map((row) => {
        const project = owned ? String((row as Record<string, unknown>)['project_id'] ?? '') : undefined;
        return {
          id: row.id,
          ...(project === undefined ? {} : { project_id: project, tenant_id: project }),
          ...descriptor.toDict(row),
          ...(tags ? standardAttributes(row as unknown as StandardColumns, tags.get(row.id) ?? []) : {}),
        };
      });
    },

    async insert(session: Session, body: RequestBody): Promise<string> {
      const id = randomUUID();
      const row = {
        ...descriptor.newRow(body, session.context),
        id,
        ...(owned ? { project_id: owningProject(body, session.context.projectId) } : {}),
        ...(standard ? newStandardColumns(givenString(body, 'description') ?? '') : {}),
      };
      await rows(session).insertInto(table).values(bindable(row)).execute();
      return id;
    },

    update: (session, row, body) => updateTableRow(descriptor, session, row, body),

    ...(descriptor.release ? { release: (session: Session, row: Row) => descriptor.release!(session, row) } : {}),

    async remove(session: Session, row: Row): Promise<void> {
      await rows(session).deleteFrom(table).where('id', '=', row.id).execute();
      if (standard) await resourceTags.remove(session.db, row.id);
    },

    ...(owned
      ? {
          countByProjects: (session: Session, projects: readonly string[]) => countTableRows(session, table, projects),
        }
      : {}),
  };
}

/**
 * An update of a table-backed resource: the descriptor's changes elsewhere,
 * then its columns that change and, when either revises it, the next revision.
 */
async function updateTableRow<Row extends { id: string }>(descriptor: TableResource<Row>, session: Session, row: Row, body: RequestBody): Promise<void> {
  const standard = descriptor.standardAttributes;
  const revisedElsewhere = (await descriptor.changesElsewhere?.(session, body, row)) ?? false;
  const wanted: Record<string, unknown> = { ...descriptor.changes?.(body, row) };
  const description = standard ? givenString(body, 'description') : undefined;
  if (description !== undefined) wanted['description'] = description;
  const stored = row as Record<string, unknown>;
  const changed = Object.fromEntries(Object.entries(wanted).filter(([column, value]) => !holds(stored[column], value)));
  const bump = standard && (revisedElsewhere || Object.keys(changed).length > 0) ? revisionBump(row as unknown as StandardColumns) : {};
  // As neutron's revision plugin: an update that changes nothing is no new revision.
  if (Object.keys(changed).length === 0 && Object.keys(bump).length === 0) return;
  await rows(session)
    .updateTable(descriptor.table)
    .set(bindable({ ...changed, ...bump }))
    .where('id', '=', row.id)
    .execute();
}

/** A table-backed resource's rows the caller sees, narrowed by the list's filter, and one page from the marker when the list pages by id (keyset, no OFFSET). */
async function loadTableRows<Row extends { id: string }>(
  descriptor: TableResource<Row>,
  hooks: ResourceHookChain,
  session: Session,
  filter?: RowFilter,
  page?: RowPage,
): Promise<Row[]> {
  const { table } = descriptor;
  const scope = visibilityScope(descriptor.visibility, session.context, hooks.alsoVisible(session));
  let query = rows(session).selectFrom(table).selectAll();
  if (scope !== 'all') query = query.where(scope);
  return (await selectRows(query, filter, page)) as unknown as Row[];
}

/** How many of a table's rows the projects own (their quota usage). */
async function countTableRows(session: Session, table: string, projects: readonly string[]): Promise<number> {
  const counted = await rows(session)
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where('project_id', 'in', [...projects])
    .executeTakeFirst();
  return Number(counted?.count ?? 0);
}
