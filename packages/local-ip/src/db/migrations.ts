import type { Migration } from 'net-server';

/**
 * neutron's local_ips and local_ip_associations tables
 * (neutron/db/models/local_ip.py): a local IP holds its local port (which
 * may not go while it does); an association goes with its fixed port.
 */
export const migrations: readonly Migration[] = [
  {
    id: 'local_ip_0001_initial',
    after: ['core_0001_base_plugin'],
    async up(db) {
      await db.schema
        .createTable('local_ips')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('project_id', 'varchar(255)', (c) => c.notNull())
        .addColumn('name', 'varchar(255)', (c) => c.notNull())
        .addColumn('local_port_id', 'varchar(36)', (c) => c.notNull().references('ports.id'))
        .addColumn('network_id', 'varchar(36)', (c) => c.notNull())
        .addColumn('local_ip_address', 'varchar(64)', (c) => c.notNull())
        .addColumn('ip_mode', 'varchar(32)', (c) => c.notNull())
        .addColumn('description', 'varchar(1024)', (c) => c.notNull())
        .addColumn('revision_number', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('ix_local_ips_project_id').on('local_ips').column('project_id').execute();
      await db.schema.createIndex('ix_local_ips_local_port_id').on('local_ips').column('local_port_id').execute();
      await db.schema
        .createTable('local_ip_associations')
        .addColumn('local_ip_id', 'varchar(36)', (c) => c.notNull().references('local_ips.id'))
        .addColumn('fixed_port_id', 'varchar(36)', (c) => c.notNull().references('ports.id').onDelete('cascade'))
        .addColumn('fixed_ip', 'varchar(64)', (c) => c.notNull())
        .addPrimaryKeyConstraint('local_ip_associations_pk', ['local_ip_id', 'fixed_port_id'])
        .execute();
      await db.schema.createIndex('ix_local_ip_associations_fixed_port_id').on('local_ip_associations').column('fixed_port_id').execute();
    },
  },
];
