import {
  AlterTableNode,
  ColumnDefinitionNode,
  CreateTableNode,
  ForeignKeyConstraintNode,
  RawNode,
  sql,
  type Kysely,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';
import { MysqlSchemaError } from './errors.js';
import type { MigrationSchema } from './migration.js';

/**
 * The binary, no-pad utf8mb4 collation the server offers, for net-server's
 * tables: names, tags and filters then compare as they do on PostgreSQL and
 * SQLite ('Web' is not 'web', 'a ' is not 'a'), where a server's default
 * (utf8mb4_general_ci, or 0900_ai_ci) would fold case and accents and make
 * `tag` 'A' collide with 'a' in a primary key. MariaDB has utf8mb4_nopad_bin
 * (10.2+), MySQL utf8mb4_0900_bin (8.0.17+); older servers have only the
 * padding utf8mb4_bin.
 */
async function mysqlTableCollation(db: Kysely<MigrationSchema>): Promise<string> {
  const { rows } = await sql<{ name: string }>`select collation_name as name from information_schema.collations
    where collation_name in ('utf8mb4_nopad_bin', 'utf8mb4_0900_bin')`.execute(db);
  return rows[0]?.name ?? 'utf8mb4_bin';
}

// ER_DBACCESS_DENIED_ERROR: an account without ALTER on the database.
const ACCESS_DENIED = 1044;

/**
 * Makes utf8mb4 with the collation above the current database's default
 * (net-server's database is its own: Migrator refuses neutron's), so that
 * tables a migration or a plugin creates with raw SQL match the builder's:
 * a foreign key between columns of different collations cannot be created.
 * An account that may not alter the database keeps its defaults; the
 * schema builder's tables state theirs anyway (MysqlSchemaPlugin).
 * Resolves with the collation.
 */
export async function mysqlDatabaseDefaults(db: Kysely<MigrationSchema>): Promise<string> {
  const collation = await mysqlTableCollation(db);
  const { rows } = await sql<{ name: string }>`select database() as name`.execute(db);
  try {
    await sql`alter database ${sql.id(rows[0]!.name)} character set utf8mb4 collate ${sql.raw(collation)}`.execute(db);
  } catch (error) {
    if ((error as { errno?: unknown }).errno !== ACCESS_DENIED) throw error;
  }
  return collation;
}

/**
 * Rewrites a migration's CREATE TABLE for MySQL and MariaDB:
 *
 * - InnoDB, utf8mb4 and the collation above, whatever the server's or the
 *   database's defaults (a MyISAM default would lose transactions and
 *   foreign keys; a utf8mb3 one, 4-byte characters).
 * - A column's `references(...)` becomes a table-level FOREIGN KEY: MySQL
 *   (before 9.0) parses an inline REFERENCES and ignores it, so the
 *   cascades and the checks the plugins count on would silently be missing.
 *   MariaDB honours both forms.
 *
 * An ALTER TABLE that adds a column with `references(...)` is refused with
 * MysqlSchemaError, for the same reason, naming the portable form
 * (`addForeignKeyConstraint`). Statements written as raw SQL are left alone.
 */
export class MysqlSchemaPlugin implements KyselyPlugin {
  readonly #tableOptions: RawNode;

  constructor(collation: string) {
    this.#tableOptions = RawNode.createWithSql(`engine = InnoDB default charset = utf8mb4 collate = ${collation}`);
  }

  transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
    if (CreateTableNode.is(node)) return this.#createTable(node);
    if (AlterTableNode.is(node)) checkAlterTable(node);
    return node;
  }

  transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(result);
  }

  #createTable(node: CreateTableNode): CreateTableNode {
    const columns: ColumnDefinitionNode[] = [];
    const foreignKeys: ForeignKeyConstraintNode[] = [];
    for (const column of node.columns) {
      const { references } = column;
      if (references === undefined) {
        columns.push(column);
        continue;
      }
      columns.push(ColumnDefinitionNode.cloneWith(column, { references: undefined }));
      foreignKeys.push(
        ForeignKeyConstraintNode.cloneWith(ForeignKeyConstraintNode.create([column.column], references.table, references.columns), {
          ...(references.onDelete === undefined ? {} : { onDelete: references.onDelete }),
          ...(references.onUpdate === undefined ? {} : { onUpdate: references.onUpdate }),
        }),
      );
    }
    const table: CreateTableNode = { ...node, columns, constraints: [...(node.constraints ?? []), ...foreignKeys] };
    return node.selectQuery === undefined ? CreateTableNode.cloneWithEndModifier(table, this.#tableOptions) : table;
  }
}

function checkAlterTable(node: AlterTableNode): void {
  for (const alteration of node.columnAlterations ?? []) {
    if (alteration.kind === 'AddColumnNode' && alteration.column.references !== undefined) {
      throw new MysqlSchemaError(
        `alter table ${node.table.table.identifier.name} adds column ${alteration.column.column.column.name} with references(...), ` +
          'which MySQL ignores in a column definition: add the column, then the constraint with alterTable(...).addForeignKeyConstraint(...)',
      );
    }
  }
}
