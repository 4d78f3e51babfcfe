import type { Migration } from 'net-server';

const uuid = 'varchar(36)';
const prefix = 'varchar(64)';

/**
 * neutron's metering tables (neutron/db/models/metering.py): labels and
 * their rules, which go with their label (the foreign key cascades, and
 * the plugin deletes them itself first so that the rules' hooks run).
 */
export const migrations: readonly Migration[] = [
  {
    id: 'metering_0001_initial',
    after: ['core_0001_base_plugin'],
    async up(db) {
      await db.schema
        .createTable('meteringlabels')
        .addColumn('id', uuid, (c) => c.primaryKey())
        .addColumn('project_id', 'varchar(255)')
        .addColumn('name', 'varchar(255)')
        .addColumn('description', 'varchar(1024)')
        .addColumn('shared', 'boolean', (c) => c.notNull().defaultTo(false))
        .execute();
      await db.schema.createIndex('ix_meteringlabels_project_id').on('meteringlabels').column('project_id').execute();
      await db.schema
        .createTable('meteringlabelrules')
        .addColumn('id', uuid, (c) => c.primaryKey())
        .addColumn('direction', 'varchar(16)')
        .addColumn('remote_ip_prefix', prefix)
        .addColumn('source_ip_prefix', prefix)
        .addColumn('destination_ip_prefix', prefix)
        .addColumn('metering_label_id', uuid, (c) => c.notNull().references('meteringlabels.id').onDelete('cascade'))
        .addColumn('excluded', 'boolean', (c) => c.notNull().defaultTo(false))
        .execute();
      await db.schema.createIndex('ix_meteringlabelrules_metering_label_id').on('meteringlabelrules').column('metering_label_id').execute();
    },
  },
];
