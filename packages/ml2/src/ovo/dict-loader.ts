import type { ResourceDict } from '@net-server/lib';
import type { Session } from 'net-server';

/**
 * The plugin's full dicts of core resources (extension attributes
 * included) as the session's caller sees them: what the objects are built
 * from, so that every extension driver's attributes (port security, QoS,
 * DNS) reach agents as they reach the API.
 */
export type DictLoader = (session: Session, resource: 'network' | 'subnet' | 'port', ids: readonly string[]) => Promise<ResourceDict[]>;

/** The standard attribute fields, which neutron lets filter like the object's own. */
export const STANDARD_FIELDS = ['revision_number', 'description', 'created_at', 'updated_at'] as const;

/** Every id of a core table, for a bulk_pull that no filter narrows. */
export async function allIds(session: Session, table: 'networks' | 'subnets' | 'ports'): Promise<string[]> {
  return (await session.db.selectFrom(table).select('id').execute()).map((row) => row.id);
}

/** Runs a query per slice of `values` (IN lists within every driver's parameter limit) and concatenates the rows. */
export async function inChunks<T>(values: readonly string[], run: (part: string[]) => Promise<T[]>, size = 500): Promise<T[]> {
  const rows: T[] = [];
  for (let at = 0; at < values.length; at += size) rows.push(...(await run(values.slice(at, at + size))));
  return rows;
}
