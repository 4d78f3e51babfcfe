import type { Migration } from 'net-server';

/**
 * neutron's ndp_proxies and router_ndp_proxy_state tables
 * (neutron/db/models/ndp_proxy.py): a proxy per router and IPv6 address,
 * with neutron's standard attributes as columns, going with its router and
 * its port; a router's enable_ndp_proxy, going with its router.
 */
export const migrations: readonly Migration[] = [
  {
    id: 'ndp_proxy_0001_initial',
    after: ['core_0001_base_plugin', 'l3_0001_routers'],
    async up(db) {
      await db.schema
        .createTable('ndp_proxies')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('project_id', 'varchar(255)')
        .addColumn('name', 'varchar(255)')
        .addColumn('router_id', 'varchar(36)', (c) => c.notNull().references('routers.id').onDelete('cascade'))
        .addColumn('port_id', 'varchar(36)', (c) => c.notNull().references('ports.id').onDelete('cascade'))
        .addColumn('ip_address', 'varchar(64)', (c) => c.notNull())
        .addColumn('description', 'varchar(255)', (c) => c.notNull().defaultTo(''))
        .addColumn('revision_number', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .addUniqueConstraint('uniq_ndp_proxy0router_id0ip_address', ['router_id', 'ip_address'])
        .execute();
      await db.schema.createIndex('ix_ndp_proxies_project_id').on('ndp_proxies').column('project_id').execute();
      await db.schema.createIndex('ix_ndp_proxies_port_id').on('ndp_proxies').column('port_id').execute();
      await db.schema
        .createTable('router_ndp_proxy_state')
        .addColumn('router_id', 'varchar(36)', (c) => c.primaryKey().references('routers.id').onDelete('cascade'))
        .addColumn('enable_ndp_proxy', 'boolean', (c) => c.notNull())
        .execute();
    },
  },
];
