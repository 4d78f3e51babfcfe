import type { Migration } from 'net-server';

/**
 * neutron's logs table (neutron/db/models/loggingapi.py): no foreign keys,
 * as in neutron; the plugin removes enabled logs of a deleted security
 * group or port.
 */
export const migrations: readonly Migration[] = [
  {
    id: 'logging_0001_initial',
    after: ['core_0001_base_plugin'],
    async up(db) {
      await db.schema
        .createTable('logs')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('project_id', 'varchar(255)', (c) => c.notNull())
        .addColumn('name', 'varchar(255)', (c) => c.notNull())
        .addColumn('resource_type', 'varchar(36)', (c) => c.notNull())
        .addColumn('resource_id', 'varchar(36)')
        .addColumn('target_id', 'varchar(36)')
        .addColumn('event', 'varchar(255)', (c) => c.notNull())
        .addColumn('enabled', 'boolean', (c) => c.notNull())
        .addColumn('description', 'varchar(255)', (c) => c.notNull())
        .addColumn('revision_number', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('ix_logs_project_id').on('logs').column('project_id').execute();
      await db.schema.createIndex('ix_logs_resource_id').on('logs').column('resource_id').execute();
      await db.schema.createIndex('ix_logs_target_id').on('logs').column('target_id').execute();
    },
  },
];
