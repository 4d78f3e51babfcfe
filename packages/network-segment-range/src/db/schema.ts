import type { Kysely } from 'kysely';
import type { Ml2Tables } from '@net-server/ml2';
import type { CoreSchema, MigrationSchema } from 'net-server';

/**
 * A network segment range row (neutron's NetworkSegmentRange). Booleans
 * come back as 1/0 from SQLite and MySQL, true/false from PostgreSQL;
 * bigints as strings from PostgreSQL.
 */
export type NetworkSegmentRangeRow = {
  id: string;
  name: string | null;
  default: boolean | number;
  shared: boolean | number;
  project_id: string | null;
  network_type: string;
  physical_network: string | null;
  minimum: number | string;
  maximum: number | string;
  description: string;
  revision_number: number | string;
  created_at: string;
  updated_at: string;
};

/** The tables this package adds. */
export type NetworkSegmentRangeTables = {
  network_segment_ranges: NetworkSegmentRangeRow;
};

/** Its table, ML2's segments and allocations, and the core's networks. */
export type RangesDb = Kysely<CoreSchema & Ml2Tables & NetworkSegmentRangeTables>;

/**
 * This package's typed view of a query layer typed for other tables (the
 * base plugin's session, ML2's view). Kysely's database type is invariant,
 * so this is the one place that tells the compiler it is the same object.
 */
export function rangesView<DB extends MigrationSchema>(db: Kysely<DB>): RangesDb {
  return db.withTables<Ml2Tables & NetworkSegmentRangeTables>() as unknown as RangesDb;
}
