import type { NeutronSource, Row, RowsOptions } from '../neutron-source.js';

/** What every mapping may look up: built once from the source before any table is read. */
export interface ImportContext {
  /** neutron's standardattributes id -> the id of the resource that owns it (tags and provisioning blocks point at the former). */
  resourceByStandardAttribute: ReadonlyMap<string, string>;
}

/**
 * How one net-server table is filled from neutron's: the rows to insert
 * (columns the target lacks are left out when written). A mapping whose
 * target table is absent (its plugin is not installed) is skipped and
 * reported by name.
 */
export interface TableMapping {
  target: string;
  /** The neutron tables it reads, for the report and for the list of neutron tables nothing read. */
  sources: readonly string[];
  read(source: NeutronSource, context: ImportContext): Promise<Row[]>;
}

/** A table whose rows neutron and net-server store alike (`source` defaults to the same name), optionally with its standard attributes. */
export function copy(target: string, source = target, options: RowsOptions = {}): TableMapping {
  return { target, sources: [source], read: (from) => from.rows(source, options) };
}

/** A resource with neutron's standard attributes (description, revision_number, created_at, updated_at), folded into its row as net-server keeps them. */
export function withStandardAttributes(target: string, source = target): TableMapping {
  return copy(target, source, { standardAttributes: true });
}

/** Rows of `source` changed by `map` (undefined drops a row). */
export function mapped(target: string, source: string, map: (row: Row, context: ImportContext) => Row | undefined, options: RowsOptions = {}): TableMapping {
  return {
    target,
    sources: [source],
    async read(from, context) {
      const rows: Row[] = [];
      for (const row of await from.rows(source, options)) {
        const made = map(row, context);
        if (made) rows.push(made);
      }
      return rows;
    },
  };
}

/** neutron's availability_zone_hints column (a JSON list, or NULL/'[]' for none) as a hints table's row, none when it names no zone. */
export function availabilityZoneHints(target: string, source: string, idColumn: string, targetIdColumn: string): TableMapping {
  return mapped(target, source, (row) => {
    const hints = row['availability_zone_hints'];
    if (typeof hints !== 'string' || hints === '' || hints === '[]') return undefined;
    return { [targetIdColumn]: row[idColumn], availability_zone_hints: hints };
  });
}
