import type { Kysely } from 'kysely';
import type { MigrationSchema } from '../migration.js';

/** What the import needs to know of a column: its type (to write booleans as the column takes them) and whether it may be NULL. */
export interface ColumnInfo {
  dataType: string;
  isNullable: boolean;
  hasDefaultValue: boolean;
}

/** Every table of the database (PostgreSQL: of its schemas but the system ones; MySQL: of the database) -> its columns. */
export async function tableColumns(db: Kysely<MigrationSchema>): Promise<Map<string, Map<string, ColumnInfo>>> {
  const tables = new Map<string, Map<string, ColumnInfo>>();
  for (const table of await db.introspection.getTables()) {
    tables.set(
      table.name,
      new Map(
        table.columns.map((column) => [
          column.name,
          { dataType: column.dataType.toLowerCase(), isNullable: column.isNullable, hasDefaultValue: column.hasDefaultValue },
        ]),
      ),
    );
  }
  return tables;
}
