import type { Migration } from 'net-server';

/**
 * neutron's address_groups, address_associations and addressgrouprbacs
 * (neutron/db/models/address_group.py, rbac_db_models.AddressGroupRBAC),
 * with ML2's table prefix and the standard attributes in the group's row;
 * and security group rules' remote_address_group_id, which names a group
 * (no foreign key: an address group in use cannot go, AddressGroupInUse).
 */
export const addressGroupMigrations: readonly Migration[] = [
  {
    id: 'ml2_0013_address_groups',
    after: ['ml2_0010_security_group_rbac'],
    async up(db) {
      await db.schema
        .createTable('ml2_address_groups')
        .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
        .addColumn('project_id', 'varchar(255)', (col) => col.notNull())
        .addColumn('name', 'varchar(255)', (col) => col.notNull().defaultTo(''))
        .addColumn('description', 'varchar(1024)', (col) => col.notNull().defaultTo(''))
        .addColumn('revision_number', 'bigint', (col) => col.notNull().defaultTo(0))
        .addColumn('created_at', 'varchar(32)', (col) => col.notNull())
        .addColumn('updated_at', 'varchar(32)', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('ix_ml2_address_groups_project_id').on('ml2_address_groups').column('project_id').execute();
      await db.schema
        .createTable('ml2_address_associations')
        .addColumn('address_group_id', 'varchar(36)', (col) => col.notNull().references('ml2_address_groups.id').onDelete('cascade'))
        .addColumn('address', 'varchar(64)', (col) => col.notNull())
        .addPrimaryKeyConstraint('ml2_address_associations_pk', ['address_group_id', 'address'])
        .execute();
      await db.schema
        .createTable('ml2_address_group_rbacs')
        .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
        .addColumn('project_id', 'varchar(255)', (col) => col.notNull())
        .addColumn('object_id', 'varchar(36)', (col) => col.notNull().references('ml2_address_groups.id').onDelete('cascade'))
        .addColumn('target_project', 'varchar(255)', (col) => col.notNull())
        .addColumn('action', 'varchar(255)', (col) => col.notNull())
        .addUniqueConstraint('uniq_ml2_address_group_rbacs0target_project0object_id0action', ['target_project', 'object_id', 'action'])
        .execute();
      await db.schema.createIndex('ix_ml2_address_group_rbacs_object_id').on('ml2_address_group_rbacs').column('object_id').execute();
      await db.schema.alterTable('ml2_security_group_rules').addColumn('remote_address_group_id', 'varchar(36)').execute();
      await db.schema
        .createIndex('ix_ml2_security_group_rules_remote_address_group_id')
        .on('ml2_security_group_rules')
        .column('remote_address_group_id')
        .execute();
    },
  },
];
