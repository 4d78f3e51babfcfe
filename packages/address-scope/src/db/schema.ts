import type { RbacEntryRow } from 'net-server';

/** An address scope row (neutron's AddressScope); its `shared` is its RBAC entries' (address-scope-rbac.ts). */
export type AddressScopeRow = {
  id: string;
  project_id: string | null;
  name: string;
  ip_version: number | string;
};

/** The tables this package reads and writes, beside the core's. */
export type AddressScopeTables = {
  address_scopes: AddressScopeRow;
  /** neutron's addressscoperbacs (migration address_scope_0002_rbac). */
  addressscoperbacs: RbacEntryRow;
};
