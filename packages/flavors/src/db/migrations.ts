import type { Migration } from 'net-server';

/** neutron's flavors, serviceprofiles and flavorserviceprofilebindings tables (neutron/db/models/flavor.py). */
export const migrations: readonly Migration[] = [
  {
    id: 'flavors_0001_initial',
    // Its own tables only: no other package's need to exist first.
    after: [],
    async up(db) {
      await db.schema
        .createTable('flavors')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('name', 'varchar(255)')
        .addColumn('description', 'varchar(1024)')
        .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
        .addColumn('service_type', 'varchar(36)')
        .execute();
      await db.schema
        .createTable('serviceprofiles')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('description', 'varchar(1024)')
        .addColumn('driver', 'varchar(1024)', (c) => c.notNull())
        .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
        .addColumn('metainfo', 'varchar(4096)')
        .execute();
      await db.schema
        .createTable('flavorserviceprofilebindings')
        .addColumn('service_profile_id', 'varchar(36)', (c) => c.notNull().references('serviceprofiles.id').onDelete('cascade'))
        .addColumn('flavor_id', 'varchar(36)', (c) => c.notNull().references('flavors.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('pk_flavorserviceprofilebindings', ['service_profile_id', 'flavor_id'])
        .execute();
      await db.schema.createIndex('ix_flavorserviceprofilebindings_flavor_id').on('flavorserviceprofilebindings').column('flavor_id').execute();
    },
  },
];
