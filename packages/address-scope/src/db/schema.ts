/** An address scope row (neutron's AddressScope). Booleans come back as 1/0 from SQLite and MySQL, true/false from PostgreSQL. */
export type AddressScopeRow = {
  id: string;
  project_id: string | null;
  name: string;
  shared: boolean | number;
  ip_version: number | string;
};

/** The tables this package reads and writes, beside the core's. */
export type AddressScopeTables = {
  address_scopes: AddressScopeRow;
};
