import type { Migration } from 'net-server';
import { addressGroupMigrations } from '../address-group/address-group-migrations.js';

/** ML2's schema, applied by `net-server db upgrade` through the net_server.db.migrations entry point. */
export const migrations: readonly Migration[] = [
  {
    id: 'ml2_0001_segments',
    async up(db) {
      await db.schema
        .createTable('ml2_network_segments')
        .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
        .addColumn('network_id', 'varchar(36)', (col) => col.notNull())
        .addColumn('network_type', 'varchar(32)', (col) => col.notNull())
        .addColumn('physical_network', 'varchar(64)')
        .addColumn('segmentation_id', 'bigint')
        .addColumn('is_dynamic', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('segment_index', 'integer', (col) => col.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('ml2_network_segments_network_id').on('ml2_network_segments').column('network_id').execute();
      await db.schema
        .createTable('ml2_segment_allocations')
        .addColumn('network_type', 'varchar(32)', (col) => col.notNull())
        .addColumn('physical_network', 'varchar(64)', (col) => col.notNull())
        .addColumn('segmentation_id', 'bigint', (col) => col.notNull())
        .addPrimaryKeyConstraint('ml2_segment_allocations_pk', ['network_type', 'physical_network', 'segmentation_id'])
        .execute();
    },
  },
  {
    id: 'ml2_0002_agents_and_bindings',
    after: ['ml2_0001_segments'],
    async up(db) {
      await db.schema
        .createTable('ml2_agents')
        .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
        .addColumn('agent_type', 'varchar(255)', (col) => col.notNull())
        .addColumn('binary', 'varchar(255)', (col) => col.notNull())
        .addColumn('topic', 'varchar(255)', (col) => col.notNull())
        .addColumn('host', 'varchar(255)', (col) => col.notNull())
        .addColumn('availability_zone', 'varchar(255)')
        .addColumn('admin_state_up', 'integer', (col) => col.notNull().defaultTo(1))
        .addColumn('created_at', 'varchar(32)', (col) => col.notNull())
        .addColumn('started_at', 'varchar(32)', (col) => col.notNull())
        .addColumn('heartbeat_timestamp', 'varchar(32)', (col) => col.notNull())
        .addColumn('description', 'varchar(255)')
        .addColumn('configurations', 'text', (col) => col.notNull())
        .addColumn('resource_versions', 'text')
        .addColumn('load', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('resources_synced', 'integer')
        .addUniqueConstraint('ml2_agents_type_host', ['agent_type', 'host'])
        .execute();
      await db.schema
        .createTable('ml2_port_bindings')
        .addColumn('port_id', 'varchar(36)', (col) => col.notNull())
        .addColumn('host', 'varchar(255)', (col) => col.notNull())
        .addColumn('vif_type', 'varchar(64)', (col) => col.notNull())
        .addColumn('vnic_type', 'varchar(64)', (col) => col.notNull())
        .addColumn('profile', 'text', (col) => col.notNull())
        .addColumn('vif_details', 'text', (col) => col.notNull())
        .addColumn('status', 'varchar(16)', (col) => col.notNull())
        .addPrimaryKeyConstraint('ml2_port_bindings_pk', ['port_id', 'host'])
        .execute();
      await db.schema
        .createTable('ml2_port_binding_levels')
        .addColumn('port_id', 'varchar(36)', (col) => col.notNull())
        .addColumn('host', 'varchar(255)', (col) => col.notNull())
        .addColumn('level', 'integer', (col) => col.notNull())
        .addColumn('driver', 'varchar(64)')
        .addColumn('segment_id', 'varchar(36)')
        .addPrimaryKeyConstraint('ml2_port_binding_levels_pk', ['port_id', 'host', 'level'])
        .execute();
    },
  },
  {
    id: 'ml2_0003_extension_drivers',
    after: ['ml2_0002_agents_and_bindings'],
    async up(db) {
      await db.schema
        .createTable('ml2_network_port_security')
        .addColumn('network_id', 'varchar(36)', (col) => col.primaryKey())
        .addColumn('port_security_enabled', 'integer', (col) => col.notNull())
        .execute();
      await db.schema
        .createTable('ml2_port_port_security')
        .addColumn('port_id', 'varchar(36)', (col) => col.primaryKey())
        .addColumn('port_security_enabled', 'integer', (col) => col.notNull())
        .execute();
      await db.schema
        .createTable('ml2_network_dns_domains')
        .addColumn('network_id', 'varchar(36)', (col) => col.primaryKey())
        .addColumn('dns_domain', 'varchar(255)', (col) => col.notNull())
        .execute();
      await db.schema
        .createTable('ml2_port_dns')
        .addColumn('port_id', 'varchar(36)', (col) => col.primaryKey())
        .addColumn('dns_name', 'varchar(255)', (col) => col.notNull())
        .addColumn('dns_domain', 'varchar(255)', (col) => col.notNull())
        .execute();
    },
  },
  {
    id: 'ml2_0004_tunnel_endpoints',
    after: ['ml2_0003_extension_drivers'],
    async up(db) {
      await db.schema
        .createTable('ml2_tunnel_endpoints')
        .addColumn('tunnel_type', 'varchar(32)', (col) => col.notNull())
        .addColumn('ip_address', 'varchar(64)', (col) => col.notNull())
        .addColumn('host', 'varchar(255)')
        .addColumn('udp_port', 'integer')
        .addPrimaryKeyConstraint('ml2_tunnel_endpoints_pk', ['tunnel_type', 'ip_address'])
        .execute();
    },
  },
  {
    id: 'ml2_0005_security_groups',
    after: ['ml2_0004_tunnel_endpoints'],
    async up(db) {
      await db.schema
        .createTable('ml2_security_groups')
        .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
        .addColumn('project_id', 'varchar(255)', (col) => col.notNull())
        .addColumn('name', 'varchar(255)', (col) => col.notNull())
        .addColumn('description', 'varchar(255)', (col) => col.notNull())
        .addColumn('created_at', 'varchar(32)', (col) => col.notNull())
        .addColumn('updated_at', 'varchar(32)', (col) => col.notNull())
        .addColumn('revision_number', 'bigint', (col) => col.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('ml2_security_groups_project').on('ml2_security_groups').column('project_id').execute();
      await db.schema
        .createTable('ml2_security_group_rules')
        .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
        .addColumn('project_id', 'varchar(255)', (col) => col.notNull())
        .addColumn('security_group_id', 'varchar(36)', (col) => col.notNull().references('ml2_security_groups.id').onDelete('cascade'))
        .addColumn('remote_group_id', 'varchar(36)', (col) => col.references('ml2_security_groups.id').onDelete('cascade'))
        .addColumn('direction', 'varchar(16)', (col) => col.notNull())
        .addColumn('ethertype', 'varchar(8)', (col) => col.notNull())
        .addColumn('protocol', 'varchar(40)')
        .addColumn('port_range_min', 'integer')
        .addColumn('port_range_max', 'integer')
        .addColumn('remote_ip_prefix', 'varchar(64)')
        .addColumn('description', 'varchar(255)', (col) => col.notNull())
        .addColumn('created_at', 'varchar(32)', (col) => col.notNull())
        .addColumn('updated_at', 'varchar(32)', (col) => col.notNull())
        .addColumn('revision_number', 'bigint', (col) => col.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('ml2_security_group_rules_group').on('ml2_security_group_rules').column('security_group_id').execute();
      await db.schema
        .createTable('ml2_security_group_port_bindings')
        .addColumn('port_id', 'varchar(36)', (col) => col.notNull())
        .addColumn('security_group_id', 'varchar(36)', (col) => col.notNull().references('ml2_security_groups.id'))
        .addPrimaryKeyConstraint('ml2_security_group_port_bindings_pk', ['port_id', 'security_group_id'])
        .execute();
      await db.schema
        .createTable('ml2_default_security_groups')
        .addColumn('project_id', 'varchar(255)', (col) => col.primaryKey())
        .addColumn('security_group_id', 'varchar(36)', (col) => col.notNull().references('ml2_security_groups.id').onDelete('cascade'))
        .execute();
    },
  },
  {
    id: 'ml2_0006_provisioning_blocks',
    after: ['ml2_0005_security_groups'],
    async up(db) {
      await db.schema
        .createTable('ml2_provisioning_blocks')
        .addColumn('port_id', 'varchar(36)', (col) => col.notNull())
        .addColumn('entity', 'varchar(255)', (col) => col.notNull())
        .addPrimaryKeyConstraint('ml2_provisioning_blocks_pk', ['port_id', 'entity'])
        .execute();
    },
  },
  {
    // neutron's networkdhcpagentbindings: the unique (network, index) pair keeps two servers from binding one network past dhcp_agents_per_network.
    id: 'ml2_0007_network_dhcp_agent_bindings',
    after: ['ml2_0006_provisioning_blocks', 'core_0001_base_plugin'],
    async up(db) {
      await db.schema
        .createTable('ml2_network_dhcp_agent_bindings')
        .addColumn('network_id', 'varchar(36)', (col) => col.notNull().references('networks.id').onDelete('cascade'))
        .addColumn('dhcp_agent_id', 'varchar(36)', (col) => col.notNull().references('ml2_agents.id').onDelete('cascade'))
        .addColumn('binding_index', 'integer', (col) => col.notNull())
        .addPrimaryKeyConstraint('ml2_network_dhcp_agent_bindings_pk', ['network_id', 'dhcp_agent_id'])
        .addUniqueConstraint('ml2_network_dhcp_agent_bindings_index', ['network_id', 'binding_index'])
        .execute();
      await db.schema.createIndex('ml2_network_dhcp_agent_bindings_agent').on('ml2_network_dhcp_agent_bindings').column('dhcp_agent_id').execute();
    },
  },
  {
    // neutron's allowedaddresspairs and extradhcpopts, which ML2 always serves; a port's pairs keep the order they were given in.
    id: 'ml2_0008_address_pairs_and_dhcp_opts',
    after: ['ml2_0007_network_dhcp_agent_bindings', 'core_0001_base_plugin'],
    async up(db) {
      await db.schema
        .createTable('ml2_allowed_address_pairs')
        .addColumn('port_id', 'varchar(36)', (col) => col.notNull().references('ports.id').onDelete('cascade'))
        .addColumn('mac_address', 'varchar(32)', (col) => col.notNull())
        .addColumn('ip_address', 'varchar(64)', (col) => col.notNull())
        .addColumn('position', 'integer', (col) => col.notNull())
        .addPrimaryKeyConstraint('ml2_allowed_address_pairs_pk', ['port_id', 'mac_address', 'ip_address'])
        .execute();
      await db.schema
        .createTable('ml2_extra_dhcp_opts')
        .addColumn('port_id', 'varchar(36)', (col) => col.notNull().references('ports.id').onDelete('cascade'))
        .addColumn('opt_name', 'varchar(64)', (col) => col.notNull())
        .addColumn('opt_value', 'varchar(255)', (col) => col.notNull())
        .addColumn('ip_version', 'integer', (col) => col.notNull())
        .addPrimaryKeyConstraint('ml2_extra_dhcp_opts_pk', ['port_id', 'opt_name', 'ip_version'])
        .execute();
    },
  },
  {
    // neutron's networks.availability_zone_hints: the JSON list a network was created with, in a table of ML2's own beside the core's networks.
    id: 'ml2_0009_network_availability_zone_hints',
    after: ['ml2_0008_address_pairs_and_dhcp_opts', 'core_0001_base_plugin'],
    async up(db) {
      await db.schema
        .createTable('ml2_network_availability_zone_hints')
        .addColumn('network_id', 'varchar(36)', (col) => col.primaryKey().references('networks.id').onDelete('cascade'))
        .addColumn('availability_zone_hints', 'varchar(255)', (col) => col.notNull())
        .execute();
    },
  },
  {
    // neutron's securitygrouprbacs (rbac-security-groups): the core's RBAC columns, for ML2's security groups.
    id: 'ml2_0010_security_group_rbac',
    after: ['ml2_0005_security_groups'],
    async up(db) {
      await db.schema
        .createTable('ml2_security_group_rbacs')
        .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
        .addColumn('project_id', 'varchar(255)', (col) => col.notNull())
        .addColumn('object_id', 'varchar(36)', (col) => col.notNull().references('ml2_security_groups.id').onDelete('cascade'))
        .addColumn('target_project', 'varchar(255)', (col) => col.notNull())
        .addColumn('action', 'varchar(255)', (col) => col.notNull())
        .addUniqueConstraint('uniq_ml2_security_group_rbacs0target_project0object_id0action', ['target_project', 'object_id', 'action'])
        .execute();
      await db.schema.createIndex('ix_ml2_security_group_rbacs_object_id').on('ml2_security_group_rbacs').column('object_id').execute();
    },
  },
  {
    // neutron's securitygroups.stateful (stateful-security-group): existing groups stay stateful.
    id: 'ml2_0011_stateful_security_groups',
    after: ['ml2_0010_security_group_rbac'],
    async up(db) {
      await db.schema
        .alterTable('ml2_security_groups')
        .addColumn('stateful', 'boolean', (col) => col.notNull().defaultTo(true))
        .execute();
    },
  },
  {
    // neutron's portnumaaffinitypolicies and portdeviceprofiles (port-numa-affinity-policy, port-device-profile).
    id: 'ml2_0012_port_numa_and_device_profile',
    after: ['ml2_0011_stateful_security_groups'],
    async up(db) {
      await db.schema
        .createTable('ml2_port_numa_affinity_policies')
        .addColumn('port_id', 'varchar(36)', (col) => col.primaryKey().references('ports.id').onDelete('cascade'))
        .addColumn('numa_affinity_policy', 'varchar(16)', (col) => col.notNull())
        .execute();
      await db.schema
        .createTable('ml2_port_device_profiles')
        .addColumn('port_id', 'varchar(36)', (col) => col.primaryKey().references('ports.id').onDelete('cascade'))
        .addColumn('device_profile', 'varchar(255)', (col) => col.notNull())
        .execute();
    },
  },
  // Address groups and rules' remote_address_group_id (address-group/address-group-migrations.ts).
  ...addressGroupMigrations,
];
