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
  ml2_agents: {
    id: string;
    agent_type: string;
    binary: string;
    topic: string;
    host: string;
    availability_zone: string | null;
    admin_state_up: number;
    created_at: string;
    started_at: string;
    heartbeat_timestamp: string;
    description: string | null;
    /** JSON text. */
    configurations: string;
    /** JSON text or NULL. */
    resource_versions: string | null;
    load: number;
    resources_synced: number | null;
  };
  ml2_port_bindings: {
    port_id: string;
    host: string;
    vif_type: string;
    vnic_type: string;
    /** JSON text. */
    profile: string;
    /** JSON text. */
    vif_details: string;
    status: string;
  };
  ml2_port_binding_levels: {
    port_id: string;
    host: string;
    level: number;
    driver: string | null;
    segment_id: string | null;
  };
  ml2_network_port_security: { network_id: string; port_security_enabled: number };
  ml2_port_port_security: { port_id: string; port_security_enabled: number };
  ml2_allowed_address_pairs: { port_id: string; mac_address: string; ip_address: string; position: number };
  ml2_extra_dhcp_opts: { port_id: string; opt_name: string; opt_value: string; ip_version: number };
  ml2_network_dns_domains: { network_id: string; dns_domain: string };
  ml2_port_dns: { port_id: string; dns_name: string; dns_domain: string };
  ml2_security_groups: {
    id: string;
    project_id: string;
    name: string;
    description: string;
    created_at: string;
    updated_at: string;
    revision_number: number;
    /** 1/0 from SQLite and MySQL, true/false from PostgreSQL. */
    stateful: boolean | number;
  };
  ml2_security_group_rules: {
    id: string;
    project_id: string;
    security_group_id: string;
    remote_group_id: string | null;
    direction: string;
    ethertype: string;
    protocol: string | null;
    port_range_min: number | null;
    port_range_max: number | null;
    remote_ip_prefix: string | null;
    /** The address group that is the rule's remote (migration ml2_0013_address_groups). */
    remote_address_group_id: string | null;
    description: string;
    created_at: string;
    updated_at: string;
    revision_number: number;
  };
  ml2_security_group_port_bindings: { port_id: string; security_group_id: string };
  ml2_default_security_groups: { project_id: string; security_group_id: string };
  ml2_provisioning_blocks: { port_id: string; entity: string };
  ml2_tunnel_endpoints: { tunnel_type: string; ip_address: string; host: string | null; udp_port: number | null };
  ml2_network_dhcp_agent_bindings: { network_id: string; dhcp_agent_id: string; binding_index: number };
  ml2_network_availability_zone_hints: { network_id: string; availability_zone_hints: string };
  ml2_port_numa_affinity_policies: { port_id: string; numa_affinity_policy: string };
  ml2_port_device_profiles: { port_id: string; device_profile: string };
};

/**
 * ML2's view of the engine or of a transaction on it: `db.withTables<Ml2Tables>()`
 * on the server's `Kysely<MigrationSchema>` gives one.
 */
export type Ml2Db = Kysely<MigrationSchema & Ml2Tables>;
