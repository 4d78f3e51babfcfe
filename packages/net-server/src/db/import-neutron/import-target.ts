import type { Kysely } from 'kysely';
import type { Database } from '../database.js';
import type { MigrationSchema } from '../migration.js';
import { ImportNeutronError } from './errors.js';
import type { Row } from './neutron-source.js';
import { tableColumns, type ColumnInfo } from './table-columns.js';

/** Rows per INSERT: well within every driver's parameter limit for tables of up to ~20 columns. */
const CHUNK = 200;

/** net-server's own bookkeeping (applied migrations, MySQL's lock rows): present in an upgraded database with no resources. */
const BOOKKEEPING = /^net_server_/;

/**
 * net-server's database as the import writes it: its tables are those of
 * the packages whose migrations `db upgrade` applied, so a table a mapping
 * names may be absent (its plugin is not installed) and a row may carry
 * columns the table does not have (neutron's that net-server does not keep).
 */
export class ImportTarget {
  private constructor(
    readonly database: Database,
    private readonly tables: Map<string, Map<string, ColumnInfo>>,
  ) {}

  static async inspect(database: Database): Promise<ImportTarget> {
    return new ImportTarget(database, await tableColumns(database.db));
  }

  has(table: string): boolean {
    return this.tables.has(table);
  }

  /** Refuses a database that holds any resource: the import adds a whole cloud, it does not merge two. */
  async assertEmpty(): Promise<void> {
    const filled: string[] = [];
    for (const table of [...this.tables.keys()].sort()) {
      if (BOOKKEEPING.test(table)) continue;
      const row = await this.database.db.selectFrom(table).selectAll().limit(1).executeTakeFirst();
      if (row) filled.push(table);
    }
    if (filled.length > 0) {
      throw new ImportNeutronError(
        'IMPORT_NEUTRON_TARGET_NOT_EMPTY',
        `${this.database.displayUrl} already holds data (in ${filled.slice(0, 8).join(', ')}${filled.length > 8 ? ', ...' : ''}): ` +
          'import a neutron database only into a new one. Point [database] connection at an empty database, run `net-server db upgrade`, then the import.',
      );
    }
  }

  /** Inserts `rows` into `table` within `db` (the import's transaction), each written as the table's columns take it; the number written. */
  async insert(db: Kysely<MigrationSchema>, table: string, rows: readonly Row[]): Promise<number> {
    const columns = this.tables.get(table);
    if (!columns || rows.length === 0) return 0;
    for (let start = 0; start < rows.length; start += CHUNK) {
      const values = rows.slice(start, start + CHUNK).map((row) => fitRow(row, columns, this.database.dialect === 'sqlite'));
      await db.insertInto(table).values(values).execute();
    }
    return rows.length;
  }
}

/** The row with only the table's columns, booleans as the column stores them, and NULL text made '' where the column forbids NULL (neutron leaves names and descriptions NULL; net-server keeps ''). */
function fitRow(row: Row, columns: Map<string, ColumnInfo>, sqlite: boolean): Row {
  const fitted: Row = {};
  for (const [name, value] of Object.entries(row)) {
    const column = columns.get(name);
    if (!column || value === undefined) continue;
    fitted[name] = fitValue(value, column, sqlite);
  }
  return fitted;
}

/** SQLite's drivers take no booleans: every boolean column there is an integer one. */
function fitValue(value: unknown, column: ColumnInfo, sqlite: boolean): unknown {
  const booleanColumn = !sqlite && column.dataType.startsWith('bool');
  if (typeof value === 'boolean' && !booleanColumn) return value ? 1 : 0;
  if (typeof value === 'number' && booleanColumn) return value !== 0;
  if (value === null && !column.isNullable && !column.hasDefaultValue && /char|text/.test(column.dataType)) return '';
  return value;
}
