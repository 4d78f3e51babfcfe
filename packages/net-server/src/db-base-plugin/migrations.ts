import { randomUUID } from 'node:crypto';
import type { Migration } from '../db/migration.js';

const uuid = 'varchar(36)';
const ip = 'varchar(64)';
const cidr = 'varchar(64)';
const stamp = 'varchar(32)';

/**
 * The core tables of networks, subnets, subnet pools, ports and their IP
 * allocations (neutron's models_v2), contributed through net-server's own
 * `net_server.db.migrations` entry point. Uniqueness that IPAM relies on
 * across processes is enforced here: one allocation per (subnet, address)
 * and one MAC per network; the plugin retries when it loses such a race.
 */
export const coreMigrations: Migration[] = [
  {
    id: 'core_0001_base_plugin',
    async up(db) {
      // Created one by one: Kysely's builder keeps each statement portable.
      await db.schema
        .createTable('networks')
        .addColumn('id', uuid, (c) => c.primaryKey())
        .addColumn('project_id', 'varchar(255)', (c) => c.notNull())
        .addColumn('name', 'varchar(255)', (c) => c.notNull().defaultTo(''))
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('admin_state_up', 'boolean', (c) => c.notNull())
        .addColumn('shared', 'boolean', (c) => c.notNull())
        .addColumn('mtu', 'integer', (c) => c.notNull())
        .addColumn('description', 'varchar(255)', (c) => c.notNull().defaultTo(''))
        .addColumn('revision_number', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', stamp, (c) => c.notNull())
        .addColumn('updated_at', stamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('ix_networks_project_id').on('networks').column('project_id').execute();

      await db.schema
        .createTable('subnetpools')
        .addColumn('id', uuid, (c) => c.primaryKey())
        .addColumn('project_id', 'varchar(255)', (c) => c.notNull())
        .addColumn('name', 'varchar(255)', (c) => c.notNull())
        .addColumn('ip_version', 'integer', (c) => c.notNull())
        .addColumn('default_prefixlen', 'integer', (c) => c.notNull())
        .addColumn('min_prefixlen', 'integer', (c) => c.notNull())
        .addColumn('max_prefixlen', 'integer', (c) => c.notNull())
        .addColumn('shared', 'boolean', (c) => c.notNull())
        .addColumn('is_default', 'boolean', (c) => c.notNull())
        .addColumn('default_quota', 'integer')
        .addColumn('address_scope_id', uuid)
        .addColumn('description', 'varchar(255)', (c) => c.notNull().defaultTo(''))
        .addColumn('revision_number', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', stamp, (c) => c.notNull())
        .addColumn('updated_at', stamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('subnetpoolprefixes')
        .addColumn('cidr', cidr, (c) => c.notNull())
        .addColumn('subnetpool_id', uuid, (c) => c.notNull().references('subnetpools.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('subnetpoolprefixes_pkey', ['cidr', 'subnetpool_id'])
        .execute();

      await db.schema
        .createTable('subnets')
        .addColumn('id', uuid, (c) => c.primaryKey())
        .addColumn('project_id', 'varchar(255)', (c) => c.notNull())
        .addColumn('name', 'varchar(255)', (c) => c.notNull().defaultTo(''))
        .addColumn('network_id', uuid, (c) => c.notNull().references('networks.id'))
        .addColumn('subnetpool_id', uuid)
        .addColumn('ip_version', 'integer', (c) => c.notNull())
        .addColumn('cidr', cidr, (c) => c.notNull())
        .addColumn('gateway_ip', ip)
        .addColumn('enable_dhcp', 'boolean', (c) => c.notNull())
        .addColumn('ipv6_ra_mode', 'varchar(16)')
        .addColumn('ipv6_address_mode', 'varchar(16)')
        .addColumn('description', 'varchar(255)', (c) => c.notNull().defaultTo(''))
        .addColumn('revision_number', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', stamp, (c) => c.notNull())
        .addColumn('updated_at', stamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('ix_subnets_network_id').on('subnets').column('network_id').execute();
      await db.schema.createIndex('ix_subnets_subnetpool_id').on('subnets').column('subnetpool_id').execute();

      await db.schema
        .createTable('ipallocationpools')
        .addColumn('id', uuid, (c) => c.primaryKey())
        .addColumn('subnet_id', uuid, (c) => c.notNull().references('subnets.id').onDelete('cascade'))
        .addColumn('first_ip', ip, (c) => c.notNull())
        .addColumn('last_ip', ip, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('dnsnameservers')
        .addColumn('address', ip, (c) => c.notNull())
        .addColumn('subnet_id', uuid, (c) => c.notNull().references('subnets.id').onDelete('cascade'))
        .addColumn('order', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('dnsnameservers_pkey', ['address', 'subnet_id'])
        .execute();
      await db.schema
        .createTable('subnetroutes')
        .addColumn('destination', cidr, (c) => c.notNull())
        .addColumn('nexthop', ip, (c) => c.notNull())
        .addColumn('subnet_id', uuid, (c) => c.notNull().references('subnets.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('subnetroutes_pkey', ['destination', 'nexthop', 'subnet_id'])
        .execute();

      await db.schema
        .createTable('ports')
        .addColumn('id', uuid, (c) => c.primaryKey())
        .addColumn('project_id', 'varchar(255)', (c) => c.notNull())
        .addColumn('name', 'varchar(255)', (c) => c.notNull().defaultTo(''))
        .addColumn('network_id', uuid, (c) => c.notNull().references('networks.id'))
        .addColumn('mac_address', 'varchar(32)', (c) => c.notNull())
        .addColumn('admin_state_up', 'boolean', (c) => c.notNull())
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('device_id', 'varchar(255)', (c) => c.notNull().defaultTo(''))
        .addColumn('device_owner', 'varchar(255)', (c) => c.notNull().defaultTo(''))
        .addColumn('description', 'varchar(255)', (c) => c.notNull().defaultTo(''))
        .addColumn('revision_number', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', stamp, (c) => c.notNull())
        .addColumn('updated_at', stamp, (c) => c.notNull())
        .addUniqueConstraint('uniq_ports0network_id0mac_address', ['network_id', 'mac_address'])
        .execute();
      await db.schema.createIndex('ix_ports_project_id').on('ports').column('project_id').execute();
      await db.schema.createIndex('ix_ports_device_id').on('ports').column('device_id').execute();

      await db.schema
        .createTable('ipallocations')
        .addColumn('port_id', uuid, (c) => c.references('ports.id').onDelete('cascade'))
        .addColumn('ip_address', ip, (c) => c.notNull())
        .addColumn('subnet_id', uuid, (c) => c.notNull().references('subnets.id').onDelete('cascade'))
        .addColumn('network_id', uuid, (c) => c.notNull().references('networks.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('ipallocations_pkey', ['ip_address', 'subnet_id'])
        .execute();
      await db.schema.createIndex('ix_ipallocations_port_id').on('ipallocations').column('port_id').execute();

      await db.schema
        .createTable('tags')
        .addColumn('resource_id', uuid, (c) => c.notNull())
        .addColumn('tag', 'varchar(255)', (c) => c.notNull())
        .addPrimaryKeyConstraint('tags_pkey', ['resource_id', 'tag'])
        .execute();
    },
  },
  {
    // neutron's quotas table: a project's limits where they differ from [QUOTAS].
    id: 'core_0002_quotas',
    after: ['core_0001_base_plugin'],
    async up(db) {
      await db.schema
        .createTable('quotas')
        .addColumn('project_id', 'varchar(255)', (c) => c.notNull())
        .addColumn('resource', 'varchar(255)', (c) => c.notNull())
        .addColumn('limit', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('quotas_pkey', ['project_id', 'resource'])
        .execute();
    },
  },
  {
    // The rows lockGlobally locks on MySQL (session.ts), one per key, created on first use. PostgreSQL has advisory locks and SQLite locks the whole file.
    id: 'core_0003_mysql_global_locks',
    after: ['core_0002_quotas'],
    async up(db, { dialect }) {
      if (dialect !== 'mysql') return;
      await db.schema
        .createTable('net_server_global_locks')
        .addColumn('id', 'bigint', (c) => c.primaryKey())
        .addColumn('taken', 'bigint', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
  {
    // neutron's networkrbacs: a network's `shared` becomes its access_as_shared entry for '*', and the column goes.
    id: 'core_0004_network_rbac',
    after: ['core_0003_mysql_global_locks'],
    up: (db) => sharedColumnToRbacEntries(db, 'networks', 'networkrbacs'),
  },
  {
    // neutron's subnetpoolrbacs (rbac-subnetpool): a pool's `shared` becomes its access_as_shared entry for '*', and the column goes.
    id: 'core_0005_subnetpool_rbac',
    after: ['core_0004_network_rbac'],
    up: (db) => sharedColumnToRbacEntries(db, 'subnetpools', 'subnetpoolrbacs'),
  },
  {
    // neutron's subnet_service_types (subnet-service-types): a row per device owner a subnet's addresses are for.
    id: 'core_0006_subnet_service_types',
    after: ['core_0005_subnetpool_rbac'],
    async up(db) {
      await db.schema
        .createTable('subnet_service_types')
        .addColumn('subnet_id', uuid, (c) => c.notNull().references('subnets.id').onDelete('cascade'))
        .addColumn('service_type', 'varchar(255)', (c) => c.notNull())
        .addPrimaryKeyConstraint('pk_subnet_service_types', ['subnet_id', 'service_type'])
        .execute();
    },
  },
];

/**
 * Creates an RBAC entries table (neutron's RBACColumns) for the objects of
 * `objects`, gives each object whose `shared` is set the access_as_shared
 * entry for '*', and drops the column: how neutron's objects moved to RBAC,
 * for any package's (address scopes').
 */
export async function sharedColumnToRbacEntries(db: Parameters<Migration['up']>[0], objects: string, table: string): Promise<void> {
  await db.schema
    .createTable(table)
    .addColumn('id', uuid, (c) => c.primaryKey())
    .addColumn('project_id', 'varchar(255)', (c) => c.notNull())
    .addColumn('object_id', uuid, (c) => c.notNull().references(`${objects}.id`).onDelete('cascade'))
    .addColumn('target_project', 'varchar(255)', (c) => c.notNull())
    .addColumn('action', 'varchar(255)', (c) => c.notNull())
    .addUniqueConstraint(`uniq_${table}0target_project0object_id0action`, ['target_project', 'object_id', 'action'])
    .execute();
  await db.schema.createIndex(`ix_${table}_object_id`).on(table).column('object_id').execute();
  const shared = await db.selectFrom(objects).select(['id', 'project_id']).where('shared', '=', 1).execute();
  for (const object of shared) {
    await db
      .insertInto(table)
      .values({ id: randomUUID(), project_id: object.project_id, object_id: object.id, target_project: '*', action: 'access_as_shared' })
      .execute();
  }
  await db.schema.alterTable(objects).dropColumn('shared').execute();
}
