import { sharedColumnToRbacEntries, type Migration } from 'net-server';

/**
 * neutron's address_scopes table (neutron/db/models/address_scope.py): no
 * standard attributes. Subnet pools name their scope in the core's
 * `subnetpools.address_scope_id`, without a foreign key, as in neutron.
 */
export const migrations: readonly Migration[] = [
  {
    id: 'address_scope_0001_initial',
    after: ['core_0001_base_plugin'],
    async up(db) {
      await db.schema
        .createTable('address_scopes')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('project_id', 'varchar(255)')
        .addColumn('name', 'varchar(255)', (c) => c.notNull())
        .addColumn('shared', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('ip_version', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('ix_address_scopes_project_id').on('address_scopes').column('project_id').execute();
    },
  },
  {
    // neutron's addressscoperbacs (rbac-address-scope): a scope's `shared` becomes its access_as_shared entry for '*', and the column goes.
    id: 'address_scope_0002_rbac',
    after: ['address_scope_0001_initial'],
    up: (db) => sharedColumnToRbacEntries(db, 'address_scopes', 'addressscoperbacs'),
  },
];
