import type { Migration } from 'net-server';

const uuid = 'varchar(36)';
const stamp = 'varchar(32)';

/** The segments tables, applied by `net-server db upgrade` through the net_server.db.migrations entry point. */
export const migrations: readonly Migration[] = [
  {
    id: 'segments_0001_initial',
    after: ['core_0001_base_plugin'],
    async up(db) {
      // No foreign key to the segment row: the core plugin owns that table, whichever plugin it is.
      await db.schema
        .createTable('segment_attributes')
        .addColumn('segment_id', uuid, (c) => c.primaryKey())
        .addColumn('network_id', uuid, (c) => c.notNull().references('networks.id').onDelete('cascade'))
        .addColumn('name', 'varchar(255)')
        .addColumn('description', 'varchar(255)', (c) => c.notNull().defaultTo(''))
        .addColumn('revision_number', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', stamp, (c) => c.notNull())
        .addColumn('updated_at', stamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('ix_segment_attributes_network_id').on('segment_attributes').column('network_id').execute();
      await db.schema
        .createTable('subnet_segments')
        .addColumn('subnet_id', uuid, (c) => c.primaryKey().references('subnets.id').onDelete('cascade'))
        .addColumn('segment_id', uuid, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('ix_subnet_segments_segment_id').on('subnet_segments').column('segment_id').execute();
    },
  },
  {
    // neutron's ports.ip_allocation, for the ports whose value is not 'immediate' (ip_allocation).
    id: 'segments_0002_port_ip_allocations',
    after: ['segments_0001_initial'],
    async up(db) {
      await db.schema
        .createTable('port_ip_allocations')
        .addColumn('port_id', uuid, (c) => c.primaryKey().references('ports.id').onDelete('cascade'))
        .addColumn('ip_allocation', 'varchar(16)', (c) => c.notNull())
        .execute();
    },
  },
];
