import type { Kysely } from 'kysely';
import type { CoreSchema, MigrationSchema } from 'net-server';

/**
 * What the API shows of a segment beyond what the core plugin stores (its
 * type, physical network and id): neutron keeps name and the standard
 * attributes on the networksegments row; here they live beside it, keyed
 * by segment id. Segments the core plugin made itself (a network's
 * provider segments) have no row until they are updated.
 */
export type SegmentAttributesTable = {
  segment_id: string;
  network_id: string;
  name: string | null;
  description: string;
  revision_number: number;
  created_at: string;
  updated_at: string;
};

/** The segment a subnet belongs to (neutron's subnets.segment_id column). */
export type SubnetSegmentsTable = {
  subnet_id: string;
  segment_id: string;
};

/** How a port got its addresses, when not 'immediate' (neutron's ports.ip_allocation column). */
export type PortIpAllocationsTable = {
  port_id: string;
  ip_allocation: string;
};

export type SegmentsTables = {
  segment_attributes: SegmentAttributesTable;
  subnet_segments: SubnetSegmentsTable;
  port_ip_allocations: PortIpAllocationsTable;
};

/** The core tables (subnets) and this package's. */
export type SegmentsDb = Kysely<CoreSchema & SegmentsTables>;

/**
 * The segments tables' typed view of a query layer typed for other tables
 * (the base plugin's session, typed for the core tables). Kysely's database type is invariant, so this
 * is the one place that tells the compiler it is the same object.
 */
export function segmentsView<DB extends MigrationSchema>(db: Kysely<DB>): SegmentsDb {
  return db.withTables<SegmentsTables>() as unknown as SegmentsDb;
}
