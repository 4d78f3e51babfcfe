import type { Migration } from 'net-server';

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
];
