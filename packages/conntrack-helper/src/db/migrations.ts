import type { Migration } from 'net-server';

/** neutron's conntrack_helpers table (neutron/db/models/conntrack_helper.py), going with its router. */
export const migrations: readonly Migration[] = [
  {
    id: 'conntrack_helper_0001_initial',
    after: ['core_0001_base_plugin', 'l3_0001_routers'],
    async up(db) {
      await db.schema
        .createTable('conntrack_helpers')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('router_id', 'varchar(36)', (c) => c.notNull().references('routers.id').onDelete('cascade'))
        .addColumn('protocol', 'varchar(40)', (c) => c.notNull())
        .addColumn('port', 'integer', (c) => c.notNull())
        .addColumn('helper', 'varchar(64)', (c) => c.notNull())
        .addUniqueConstraint('uniq_conntrack_helpers0router_id0protocol0port0helper', ['router_id', 'protocol', 'port', 'helper'])
        .execute();
    },
  },
];
