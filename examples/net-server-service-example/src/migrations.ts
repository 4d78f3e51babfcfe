import type { Migration } from 'net-server';

export const LABELS_TABLE = 'example_network_labels';

/** The plugin's table; ids are prefixed so they never clash with another package's. */
export const migrations: Migration[] = [
  {
    id: 'network_labels_0001_initial',
    after: ['core_0001_base_plugin'],
    async up(db) {
      await db.schema
        .createTable(LABELS_TABLE)
        .addColumn('id', 'varchar(36)', (column) => column.primaryKey())
        .addColumn('project_id', 'varchar(255)', (column) => column.notNull())
        .addColumn('network_id', 'varchar(36)', (column) => column.notNull().references('networks.id').onDelete('cascade'))
        .addColumn('label', 'varchar(64)', (column) => column.notNull())
        .addUniqueConstraint('uniq_example_network_labels0network_id0label', ['network_id', 'label'])
        .execute();
    },
  },
];
