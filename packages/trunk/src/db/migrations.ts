import type { Migration } from 'net-server';

const uuid = 'varchar(36)';

/**
 * neutron's trunk tables (neutron/services/trunk/models.py): a trunk per
 * parent port (unique), with neutron's standard attributes as columns, and
 * its subports, one row per port. Both go with their ports (the foreign
 * keys cascade, as neutron's), and subports with their trunk.
 */
export const migrations: readonly Migration[] = [
  {
    id: 'trunk_0001_initial',
    after: ['core_0001_base_plugin'],
    async up(db) {
      await db.schema
        .createTable('trunks')
        .addColumn('id', uuid, (c) => c.primaryKey())
        .addColumn('project_id', 'varchar(255)')
        .addColumn('name', 'varchar(255)')
        .addColumn('admin_state_up', 'boolean', (c) => c.notNull().defaultTo(true))
        .addColumn('port_id', uuid, (c) => c.notNull().unique().references('ports.id').onDelete('cascade'))
        .addColumn('status', 'varchar(16)', (c) => c.notNull().defaultTo('ACTIVE'))
        .addColumn('description', 'varchar(255)', (c) => c.notNull().defaultTo(''))
        .addColumn('revision_number', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('ix_trunks_project_id').on('trunks').column('project_id').execute();
      await db.schema
        .createTable('subports')
        .addColumn('port_id', uuid, (c) => c.primaryKey().references('ports.id').onDelete('cascade'))
        .addColumn('trunk_id', uuid, (c) => c.notNull().references('trunks.id').onDelete('cascade'))
        .addColumn('segmentation_type', 'varchar(32)', (c) => c.notNull())
        .addColumn('segmentation_id', 'integer', (c) => c.notNull())
        .addUniqueConstraint('uniq_subport0trunk_id0segmentation_type0segmentation_id', ['trunk_id', 'segmentation_type', 'segmentation_id'])
        .execute();
      await db.schema.createIndex('ix_subports_trunk_id').on('subports').column('trunk_id').execute();
    },
  },
];
