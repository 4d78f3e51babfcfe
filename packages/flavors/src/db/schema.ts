import type { Kysely } from 'kysely';
import type { CoreTables, Session } from 'net-server';

/** A flavor row (neutron's Flavor model). Booleans come back as 1/0 from SQLite and MySQL, true/false from PostgreSQL. */
export type FlavorRow = {
  id: string;
  name: string | null;
  description: string | null;
  enabled: boolean | number;
  service_type: string | null;
};

/** A service profile row (neutron's ServiceProfile model). */
export type ServiceProfileRow = {
  id: string;
  description: string | null;
  driver: string;
  enabled: boolean | number;
  metainfo: string | null;
};

/** A flavor's service profile (neutron's FlavorServiceProfileBinding). */
export type BindingRow = {
  service_profile_id: string;
  flavor_id: string;
};

export type FlavorsTables = {
  flavors: FlavorRow;
  serviceprofiles: ServiceProfileRow;
  flavorserviceprofilebindings: BindingRow;
};

export type FlavorsDb = Kysely<CoreTables & FlavorsTables>;

export function flavorsView(session: Session): FlavorsDb {
  return session.db.withTables<FlavorsTables>() as unknown as FlavorsDb;
}
