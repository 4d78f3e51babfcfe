import type { Kysely } from 'kysely';
import { timestampNow, type ResourceDict } from '@net-server/lib';
import type { MigrationSchema } from '../db/migration.js';

/** The identity attributes every core resource starts with; `tenant_id` is the API's legacy name of `project_id`. */
export function identity(row: {
  id: string;
  name: string;
  project_id: string;
}): ResourceDict & { id: string; name: string; project_id: string; tenant_id: string } {
  return { id: row.id, name: row.name, tenant_id: row.project_id, project_id: row.project_id };
}

interface StandardRow {
  description: string;
  revision_number: number | string;
  created_at: string;
  updated_at: string;
}

/** A resource's tags as the API shows them: sorted, a list of its own. */
export function sortedTags(tags: readonly string[] | undefined): string[] {
  return tags === undefined || tags.length === 0 ? [] : [...tags].sort();
}

/** The standard attributes of a row as the API shows them. */
export function standardAttributes(row: StandardRow, tags: readonly string[]): ResourceDict {
  return {
    description: row.description,
    tags: sortedTags(tags),
    created_at: row.created_at,
    updated_at: row.updated_at,
    // PostgreSQL returns bigint columns as strings.
    revision_number: Number(row.revision_number),
  };
}

/** Columns for a new row: revision 0, both timestamps now. */
export function newStandardColumns(description: string): StandardRow & { revision_number: number } {
  const now = timestampNow();
  return { description, revision_number: 0, created_at: now, updated_at: now };
}

/** The columns every update changes: the next revision number and the update time. */
export function revisionBump(row: { revision_number: number | string }): { revision_number: number; updated_at: string } {
  return { revision_number: Number(row.revision_number) + 1, updated_at: timestampNow() };
}

/**
 * Runs a query per slice of `values` and concatenates the rows, keeping
 * IN lists within every driver's parameter limit.
 */
export async function inChunks<T>(values: readonly string[], run: (part: string[]) => Promise<T[]>, size = 500): Promise<T[]> {
  const rows: T[] = [];
  for (let i = 0; i < values.length; i += size) rows.push(...(await run(values.slice(i, i + size))));
  return rows;
}

/** Groups rows into lists by a key, in row order. */
export function groupBy<T, V>(rows: readonly T[], key: (row: T) => string, value: (row: T) => V): Map<string, V[]> {
  const groups = new Map<string, V[]>();
  for (const row of rows) {
    const list = groups.get(key(row));
    if (list) list.push(value(row));
    else groups.set(key(row), [value(row)]);
  }
  return groups;
}

/** A table of standard-attribute rows, as any package's query layer has it. */
type RevisedDb = Kysely<Record<string, { id: string; revision_number: number; updated_at: string }>>;

/**
 * Bumps a resource's revision when something it shows changes (neutron's
 * revises_on_change: a subnet revises its network, an IP allocation its
 * port, a tag its resource); false when there is no such row. Any package
 * whose table has neutron's standard attributes (`revision_number`,
 * `updated_at`) calls it with its own query layer.
 */
export async function bumpRevision<DB extends MigrationSchema>(db: Kysely<DB>, table: string, id: string): Promise<boolean> {
  // Kysely's database type is invariant; the object is the same.
  const result = await (db as unknown as RevisedDb)
    .updateTable(table)
    .set((eb) => ({ revision_number: eb('revision_number', '+', 1), updated_at: timestampNow() }))
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
