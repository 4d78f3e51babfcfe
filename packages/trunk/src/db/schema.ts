import type { Kysely } from 'kysely';
import type { CoreDb, CoreTables, StandardColumns } from 'net-server';

/** A trunk row (neutron's Trunk model): booleans come back as 1/0 from SQLite and MySQL, true/false from PostgreSQL. */
export type TrunkRow = StandardColumns & {
  id: string;
  project_id: string | null;
  name: string | null;
  admin_state_up: boolean | number;
  port_id: string;
  status: string;
};

/** A subport row (neutron's SubPort model): a port on a trunk, on a segmentation type and id unique in the trunk. */
export type SubPortRow = {
  port_id: string;
  trunk_id: string;
  segmentation_type: string;
  segmentation_id: number;
};

/** The tables this package adds. */
export type TrunkTables = {
  trunks: TrunkRow;
  subports: SubPortRow;
};

/** This package's tables and the core's ports, whose MAC addresses parent ports show for their subports. */
export type TrunkDb = Kysely<TrunkTables & Pick<CoreTables, 'ports'>>;

/** This package's typed view of the core plugin's query layer (a session's `db`): the same object at run time, Kysely's invariant database type aside. */
export function trunkView(db: CoreDb): TrunkDb {
  return db.withTables<TrunkTables>() as unknown as TrunkDb;
}
