import type { Migration } from 'net-server';

/**
 * l3-flavors: neutron's routers.flavor_id. neutron's foreign key to
 * flavors.id is left out, as the flavors table is another package's that
 * may not be installed; the flavors plugin asks the router plugin instead
 * whether a flavor is in use before deleting it.
 */
export const routerFlavorMigration: Migration = {
  id: 'l3_flavors_0001_router_flavor_id',
  after: ['l3_0001_routers'],
  async up(db) {
    await db.schema.alterTable('routers').addColumn('flavor_id', 'varchar(36)').execute();
    await db.schema.createIndex('ix_routers_flavor_id').on('routers').column('flavor_id').execute();
  },
};
