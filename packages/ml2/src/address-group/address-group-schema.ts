import type { RbacEntryRow } from 'net-server';

/** An address group (neutron's AddressGroup, with standard attributes); its addresses are rows of ml2_address_associations. */
export type AddressGroupRow = {
  id: string;
  project_id: string;
  name: string;
  description: string;
  created_at: string;
  updated_at: string;
  revision_number: number | string;
};

/** The tables of address groups (migration ml2_0013_address_groups), beside ML2's others. */
export type AddressGroupTables = {
  ml2_address_groups: AddressGroupRow;
  /** neutron's address_associations: one normalised CIDR per row. */
  ml2_address_associations: { address_group_id: string; address: string };
  /** neutron's addressgrouprbacs. */
  ml2_address_group_rbacs: RbacEntryRow;
};
