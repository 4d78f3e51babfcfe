import type { Logger } from '@net-server/lib';
import { sql, type RawBuilder } from 'kysely';
import { Database } from '../database.js';
import { tableColumns, type ColumnInfo } from './table-columns.js';

/** One row as the driver returns it: column name -> value. */
export type Row = Record<string, unknown>;

export interface RowsOptions {
  /** Join neutron's standardattributes (on standard_attr_id) for description, revision_number, created_at and updated_at. */
  standardAttributes?: boolean;
  /** Timestamp columns of the table itself, read as text like the standard attributes'. */
  timestamps?: readonly string[];
  /** Only these columns of the table (default: all). */
  only?: readonly string[];
}

/**
 * A neutron database, read only: PostgreSQL or MySQL/MariaDB, as
 * neutron.conf's `[database] connection` names it (mysql+pymysql:// and
 * postgresql+psycopg2:// included). neutron stores naive UTC timestamps;
 * they are read as text (YYYY-MM-DDTHH:MM:SSZ, the API's form) by the
 * database itself, so no driver's idea of the local time zone gets in.
 */
export class NeutronSource {
  private constructor(
    private readonly database: Database,
    private readonly tables: Map<string, Map<string, ColumnInfo>>,
  ) {}

  static async open(url: string, logger?: Logger): Promise<NeutronSource> {
    const database = Database.open(url, { maxPoolSize: 1, ...(logger ? { logger } : {}) });
    try {
      return new NeutronSource(database, await tableColumns(database.db));
    } catch (error) {
      await database.close();
      throw error;
    }
  }

  get displayUrl(): string {
    return this.database.displayUrl;
  }

  get tableNames(): string[] {
    return [...this.tables.keys()].sort();
  }

  has(table: string): boolean {
    return this.tables.has(table);
  }

  columns(table: string): string[] {
    return [...(this.tables.get(table)?.keys() ?? [])];
  }

  async count(table: string): Promise<number> {
    const result = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(this.database.db);
    return Number(result.rows[0]?.n ?? 0);
  }

  /** Every row of `table` (none when the database has no such table). */
  async rows(table: string, options: RowsOptions = {}): Promise<Row[]> {
    if (!this.has(table)) return [];
    const timestamps = new Set(options.timestamps ?? []);
    const columns = options.only ? this.columns(table).filter((column) => options.only!.includes(column)) : this.columns(table);
    const selected: RawBuilder<unknown>[] = columns.map((column) =>
      timestamps.has(column) ? sql`${this.timestampText(`r.${column}`)} as ${sql.ref(column)}` : sql.ref(`r.${column}`),
    );
    let from = sql`${sql.table(table)} r`;
    if (options.standardAttributes) {
      selected.push(
        sql.ref('sa.description'),
        sql.ref('sa.revision_number'),
        sql`${this.timestampText('sa.created_at')} as created_at`,
        sql`${this.timestampText('sa.updated_at')} as updated_at`,
      );
      from = sql`${from} left join standardattributes sa on sa.id = r.standard_attr_id`;
    }
    const result = await sql<Row>`select ${sql.join(selected)} from ${from}`.execute(this.database.db);
    return result.rows;
  }

  private timestampText(column: string): RawBuilder<unknown> {
    return this.database.dialect === 'mysql'
      ? sql`date_format(${sql.ref(column)}, '%Y-%m-%dT%H:%i:%sZ')`
      : sql`to_char(${sql.ref(column)}, 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
  }

  async close(): Promise<void> {
    await this.database.close();
  }
}
