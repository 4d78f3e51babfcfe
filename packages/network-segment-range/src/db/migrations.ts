import type { Migration } from 'net-server';

/**
 * neutron's network_segment_ranges table
 * (neutron/db/models/network_segment_range.py), with the standard
 * attributes in its own row as net-server keeps them. `network_type` is a
 * string checked by the API rather than neutron's SQL enum, and
 * `physical_network` is null for tunnel types.
 */
export const migrations: readonly Migration[] = [
  {
    id: 'network_segment_range_0001_initial',
    after: ['core_0001_base_plugin'],
    async up(db) {
      await db.schema
        .createTable('network_segment_ranges')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('name', 'varchar(255)')
        .addColumn('default', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('shared', 'boolean', (c) => c.notNull().defaultTo(true))
        .addColumn('project_id', 'varchar(255)')
        .addColumn('network_type', 'varchar(32)', (c) => c.notNull())
        .addColumn('physical_network', 'varchar(64)')
        .addColumn('minimum', 'bigint')
        .addColumn('maximum', 'bigint')
        .addColumn('description', 'varchar(255)', (c) => c.notNull().defaultTo(''))
        .addColumn('revision_number', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('ix_network_segment_ranges_network_type').on('network_segment_ranges').column('network_type').execute();
      await db.schema.createIndex('ix_network_segment_ranges_project_id').on('network_segment_ranges').column('project_id').execute();
    },
  },
];
