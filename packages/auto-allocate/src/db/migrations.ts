import type { Migration } from 'net-server';

/**
 * neutron's auto_allocated_topologies table (neutron/db/models/auto_allocate.py):
 * one topology per project, gone with its network; a deleted router leaves
 * the row without one.
 */
export const migrations: readonly Migration[] = [
  {
    id: 'auto_allocate_0001_initial',
    after: ['core_0001_base_plugin', 'l3_0001_routers'],
    async up(db) {
      await db.schema
        .createTable('auto_allocated_topologies')
        .addColumn('project_id', 'varchar(255)', (c) => c.primaryKey())
        .addColumn('network_id', 'varchar(36)', (c) => c.notNull().unique().references('networks.id').onDelete('cascade'))
        .addColumn('router_id', 'varchar(36)', (c) => c.references('routers.id').onDelete('set null'))
        .execute();
    },
  },
];
