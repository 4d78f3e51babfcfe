/**
 * The core resources as plugins return them: neutron's core attributes
 * typed, plus whatever attributes extensions add.
 */

/** A request body after the API has validated it and filled defaults. */
export type ResourceRequest = Readonly<Record<string, unknown>>;

/** Any resource a plugin returns: attribute name -> value. */
export type ResourceDict = Record<string, unknown>;

interface StandardAttributes {
  description?: string;
  tags?: string[];
  created_at?: string;
  updated_at?: string;
  revision_number?: number;
}

export interface Network extends StandardAttributes {
  id: string;
  name: string;
  project_id: string;
  tenant_id?: string;
  admin_state_up: boolean;
  status: string;
  shared: boolean;
  subnets: string[];
  [attribute: string]: unknown;
}

export interface Subnet extends StandardAttributes {
  id: string;
  name: string;
  project_id: string;
  tenant_id?: string;
  network_id: string;
  ip_version: 4 | 6;
  cidr: string;
  gateway_ip: string | null;
  allocation_pools: { start: string; end: string }[];
  dns_nameservers: string[];
  host_routes: { destination: string; nexthop: string }[];
  enable_dhcp: boolean;
  ipv6_ra_mode: string | null;
  ipv6_address_mode: string | null;
  subnetpool_id: string | null;
  [attribute: string]: unknown;
}

export interface SubnetPool extends StandardAttributes {
  id: string;
  name: string;
  project_id: string;
  tenant_id?: string;
  prefixes: string[];
  /** Prefix lengths are strings in the API, as neutron's _make_subnetpool_dict writes them (clients compare them as such). */
  default_prefixlen: string;
  min_prefixlen: string;
  max_prefixlen: string;
  default_quota: number | null;
  ip_version: 4 | 6;
  shared: boolean;
  is_default: boolean;
  address_scope_id: string | null;
  [attribute: string]: unknown;
}

export interface FixedIp {
  subnet_id: string;
  ip_address: string;
}

export interface Port extends StandardAttributes {
  id: string;
  name: string;
  project_id: string;
  tenant_id?: string;
  network_id: string;
  admin_state_up: boolean;
  mac_address: string;
  fixed_ips: FixedIp[];
  device_id: string;
  device_owner: string;
  status: string;
  [attribute: string]: unknown;
}
