import type { Kysely, Transaction } from 'kysely';
import type { MigrationSchema } from '../db/migration.js';

/*
 * The core tables as the DB base plugin reads and writes them. Names follow
 * neutron's models_v2 so that operators find what they expect; the standard
 * attributes (description, revision_number, created_at, updated_at) are
 * columns of each resource table rather than a separate table, and tags are
 * keyed by resource id (ids are UUIDs, unique across resource types).
 * Booleans are written as 0/1, which both SQLite and PostgreSQL's boolean
 * accept; read them back through `Boolean()`.
 */

interface StandardAttributeColumns {
  description: string;
  revision_number: number;
  created_at: string;
  updated_at: string;
}

export interface NetworksTable extends StandardAttributeColumns {
  id: string;
  project_id: string;
  name: string;
  status: string;
  admin_state_up: number | boolean;
  mtu: number;
}

/**
 * neutron's networkrbacs: `action` on network `object_id` granted to
 * `target_project` (a project, or `*` for every one) by `project_id`. A
 * network's `shared` is its `access_as_shared` entry for `*` (or the caller).
 */
export interface NetworkRbacsTable {
  id: string;
  project_id: string;
  object_id: string;
  target_project: string;
  action: string;
}

export interface SubnetsTable extends StandardAttributeColumns {
  id: string;
  project_id: string;
  name: string;
  network_id: string;
  subnetpool_id: string | null;
  ip_version: number;
  cidr: string;
  gateway_ip: string | null;
  enable_dhcp: number | boolean;
  ipv6_ra_mode: string | null;
  ipv6_address_mode: string | null;
}

export interface AllocationPoolsTable {
  id: string;
  subnet_id: string;
  first_ip: string;
  last_ip: string;
}

export interface DnsNameserversTable {
  address: string;
  subnet_id: string;
  order: number;
}

/** neutron's subnet_service_types: the device owners a subnet's addresses are for (subnet-service-types). */
export interface SubnetServiceTypesTable {
  subnet_id: string;
  service_type: string;
}

export interface SubnetRoutesTable {
  destination: string;
  nexthop: string;
  subnet_id: string;
}

export interface SubnetPoolsTable extends StandardAttributeColumns {
  id: string;
  project_id: string;
  name: string;
  ip_version: number;
  default_prefixlen: number;
  min_prefixlen: number;
  max_prefixlen: number;
  is_default: number | boolean;
  default_quota: number | null;
  address_scope_id: string | null;
}

export interface SubnetPoolPrefixesTable {
  cidr: string;
  subnetpool_id: string;
}

export interface PortsTable extends StandardAttributeColumns {
  id: string;
  project_id: string;
  name: string;
  network_id: string;
  mac_address: string;
  admin_state_up: number | boolean;
  status: string;
  device_id: string;
  device_owner: string;
}

export interface IpAllocationsTable {
  port_id: string | null;
  ip_address: string;
  subnet_id: string;
  network_id: string;
}

export interface TagsTable {
  resource_id: string;
  tag: string;
}

// A type alias, not an interface: Kysely's withTables() needs an index-signature-compatible type.
export type CoreTables = {
  networks: NetworksTable;
  networkrbacs: NetworkRbacsTable;
  /** neutron's subnetpoolrbacs: the same columns, on subnet pools (subnetpool-rbac.ts). */
  subnetpoolrbacs: NetworkRbacsTable;
  subnets: SubnetsTable;
  ipallocationpools: AllocationPoolsTable;
  dnsnameservers: DnsNameserversTable;
  subnetroutes: SubnetRoutesTable;
  subnet_service_types: SubnetServiceTypesTable;
  subnetpools: SubnetPoolsTable;
  subnetpoolprefixes: SubnetPoolPrefixesTable;
  ports: PortsTable;
  ipallocations: IpAllocationsTable;
  tags: TagsTable;
};

/** The query layer typed for the core tables; other packages' tables stay reachable untyped. */
export type CoreSchema = MigrationSchema & CoreTables;
export type CoreDb = Kysely<CoreSchema>;
export type CoreTransaction = Transaction<CoreSchema>;
