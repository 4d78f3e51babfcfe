import type { Kysely } from 'kysely';
import type { MigrationSchema } from 'net-server';

/**
 * ML2's tables. Segment allocations keep one row per id in use (not, as in
 * neutron, one row per id in the configured ranges), so a range of 16M VNIs
 * costs nothing, and shrinking a range never touches allocations in use.
 */
// A type alias, not an interface: withTables() needs an index-signature-compatible type.
export type Ml2Tables = {
  ml2_network_segments: {
    id: string;
    network_id: string;
    network_type: string;
    physical_network: string | null;
    segmentation_id: number | null;
    is_dynamic: number;
    segment_index: number;
  };
  ml2_segment_allocations: {
    network_type: string;
    /** '' for types without physical networks (a primary key column cannot be NULL). */
    physical_network: string;
    /** 0 for flat networks, which allocate the physical network itself. */
    segmentation_id: number;
  };
};

/**
 * ML2's view of the engine or of a transaction on it: `db.withTables<Ml2Tables>()`
 * on the server's `Kysely<MigrationSchema>` gives one.
 */
export type Ml2Db = Kysely<MigrationSchema & Ml2Tables>;
