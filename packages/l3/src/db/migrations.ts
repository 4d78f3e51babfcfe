import { randomUUID } from 'node:crypto';
import type { Migration } from 'net-server';
import { routerFlavorMigration } from './router-flavor-migration.js';

const uuid = 'varchar(36)';
const ip = 'varchar(64)';
const stamp = 'varchar(32)';

/** The L3 tables, applied by `net-server db upgrade` through the net_server.db.migrations entry point. */
export const migrations: readonly Migration[] = [
  {
    id: 'l3_0001_routers',
    after: ['core_0001_base_plugin'],
    async up(db) {
      await db.schema
        .createTable('externalnetworks')
        .addColumn('network_id', uuid, (c) => c.primaryKey().references('networks.id').onDelete('cascade'))
        .addColumn('is_default', 'boolean', (c) => c.notNull().defaultTo(false))
        .execute();
      await db.schema
        .createTable('routers')
        .addColumn('id', uuid, (c) => c.primaryKey())
        .addColumn('project_id', 'varchar(255)', (c) => c.notNull())
        .addColumn('name', 'varchar(255)', (c) => c.notNull().defaultTo(''))
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('admin_state_up', 'boolean', (c) => c.notNull())
        .addColumn('gw_port_id', uuid, (c) => c.references('ports.id'))
        .addColumn('enable_snat', 'boolean', (c) => c.notNull().defaultTo(true))
        .addColumn('description', 'varchar(255)', (c) => c.notNull().defaultTo(''))
        .addColumn('created_at', stamp, (c) => c.notNull())
        .addColumn('updated_at', stamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('ix_routers_project_id').on('routers').column('project_id').execute();
      await db.schema
        .createTable('routerports')
        .addColumn('router_id', uuid, (c) => c.notNull().references('routers.id').onDelete('cascade'))
        .addColumn('port_id', uuid, (c) => c.primaryKey().references('ports.id').onDelete('cascade'))
        .addColumn('port_type', 'varchar(255)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('ix_routerports_router_id').on('routerports').column('router_id').execute();
      await db.schema
        .createTable('routerroutes')
        .addColumn('router_id', uuid, (c) => c.notNull().references('routers.id').onDelete('cascade'))
        .addColumn('destination', ip, (c) => c.notNull())
        .addColumn('nexthop', ip, (c) => c.notNull())
        .addPrimaryKeyConstraint('routerroutes_pk', ['router_id', 'destination', 'nexthop'])
        .execute();
      await db.schema
        .createTable('floatingips')
        .addColumn('id', uuid, (c) => c.primaryKey())
        .addColumn('project_id', 'varchar(255)', (c) => c.notNull())
        .addColumn('floating_ip_address', ip, (c) => c.notNull())
        .addColumn('floating_network_id', uuid, (c) => c.notNull())
        .addColumn('floating_port_id', uuid, (c) => c.notNull().references('ports.id').onDelete('cascade'))
        .addColumn('fixed_port_id', uuid, (c) => c.references('ports.id'))
        .addColumn('fixed_ip_address', ip)
        .addColumn('router_id', uuid, (c) => c.references('routers.id'))
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('description', 'varchar(255)', (c) => c.notNull().defaultTo(''))
        .addColumn('created_at', stamp, (c) => c.notNull())
        .addColumn('updated_at', stamp, (c) => c.notNull())
        // One floating IP per fixed address on an external network, as neutron's unique constraint.
        .addUniqueConstraint('uniq_floatingips0floatingnetworkid0fixedportid0fixedipaddress', ['floating_network_id', 'fixed_port_id', 'fixed_ip_address'])
        .execute();
      await db.schema.createIndex('ix_floatingips_fixed_port_id').on('floatingips').column('fixed_port_id').execute();
      await db.schema.createIndex('ix_floatingips_router_id').on('floatingips').column('router_id').execute();
      await db.schema
        .createTable('routerl3agentbindings')
        .addColumn('router_id', uuid, (c) => c.notNull().references('routers.id').onDelete('cascade'))
        .addColumn('l3_agent_id', uuid, (c) => c.notNull())
        .addPrimaryKeyConstraint('routerl3agentbindings_pk', ['router_id', 'l3_agent_id'])
        .execute();
    },
  },
  {
    // neutron's standard-attr-revisions for routers and floating IPs, as the core resources have it.
    id: 'l3_0002_revision_numbers',
    after: ['l3_0001_routers'],
    async up(db) {
      for (const table of ['routers', 'floatingips']) {
        await db.schema
          .alterTable(table)
          .addColumn('revision_number', 'bigint', (c) => c.notNull().defaultTo(0))
          .execute();
      }
    },
  },
  {
    // neutron's binding_index, unique per router: servers racing to schedule one router (or two agents auto-scheduling at once)
    // insert the same index, so the loser's transaction fails and its retry finds the router bound. Every router has one agent
    // (no HA), so every binding is index 1; a router a race left on several agents keeps the first.
    id: 'l3_0003_router_binding_index',
    after: ['l3_0002_revision_numbers'],
    async up(db) {
      await db.schema
        .alterTable('routerl3agentbindings')
        .addColumn('binding_index', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
      const rows = await db.selectFrom('routerl3agentbindings').select(['router_id', 'l3_agent_id']).orderBy('router_id').orderBy('l3_agent_id').execute();
      const kept = new Set<unknown>();
      for (const row of rows) {
        if (!kept.has(row['router_id'])) {
          kept.add(row['router_id']);
          continue;
        }
        await db.deleteFrom('routerl3agentbindings').where('router_id', '=', row['router_id']).where('l3_agent_id', '=', row['l3_agent_id']).execute();
      }
      await db.schema
        .createIndex('uniq_router_l3_agent_binding0router_id0binding_index0')
        .on('routerl3agentbindings')
        .columns(['router_id', 'binding_index'])
        .unique()
        .execute();
    },
  },
  {
    // neutron makes an external network usable by every project through an access_as_external entry for '*' (the core's networkrbacs).
    id: 'l3_0004_external_network_rbac',
    after: ['l3_0003_router_binding_index', 'core_0004_network_rbac'],
    async up(db) {
      const external = await db
        .selectFrom('externalnetworks')
        .innerJoin('networks', 'networks.id', 'externalnetworks.network_id')
        .select(['networks.id', 'networks.project_id'])
        .execute();
      for (const network of external) {
        await db
          .insertInto('networkrbacs')
          .values({ id: randomUUID(), project_id: network['project_id'], object_id: network['id'], target_project: '*', action: 'access_as_external' })
          .execute();
      }
    },
  },
  {
    // neutron's router_extra_attributes.availability_zone_hints: the JSON list a router was created with.
    id: 'l3_0005_router_availability_zone_hints',
    after: ['l3_0004_external_network_rbac'],
    async up(db) {
      await db.schema
        .createTable('router_availability_zone_hints')
        .addColumn('router_id', 'varchar(36)', (col) => col.primaryKey().references('routers.id').onDelete('cascade'))
        .addColumn('availability_zone_hints', 'varchar(255)', (col) => col.notNull())
        .execute();
    },
  },
  {
    // dvr and l3-ha: neutron's router_extra_attributes (distributed, ha, ha_vr_id), the per-project HA network
    // (ha_router_networks), its VRID allocations and the HA ports bound to L3 agents (ha_router_agent_port_bindings).
    id: 'l3_0006_router_modes',
    after: ['l3_0005_router_availability_zone_hints'],
    async up(db) {
      await db.schema
        .createTable('router_extra_attributes')
        .addColumn('router_id', uuid, (c) => c.primaryKey().references('routers.id').onDelete('cascade'))
        .addColumn('distributed', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('ha', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('ha_vr_id', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      // One HA network per project (neutron checks that after inserting; the primary key makes a concurrent second insert fail and retry).
      await db.schema
        .createTable('ha_router_networks')
        .addColumn('project_id', 'varchar(255)', (c) => c.primaryKey())
        .addColumn('network_id', uuid, (c) => c.notNull().unique().references('networks.id').onDelete('cascade'))
        .execute();
      await db.schema
        .createTable('ha_router_vrid_allocations')
        .addColumn('network_id', uuid, (c) => c.notNull().references('networks.id').onDelete('cascade'))
        .addColumn('vr_id', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('ha_router_vrid_allocations_pk', ['network_id', 'vr_id'])
        .execute();
      await db.schema
        .createTable('ha_router_agent_port_bindings')
        .addColumn('port_id', uuid, (c) => c.primaryKey().references('ports.id').onDelete('cascade'))
        .addColumn('router_id', uuid, (c) => c.notNull().references('routers.id').onDelete('cascade'))
        .addColumn('l3_agent_id', uuid)
        .addColumn('state', 'varchar(16)', (c) => c.notNull().defaultTo('standby'))
        .addUniqueConstraint('uniq_ha_router_agent_port_bindings0port_id0l3_agent_id', ['router_id', 'l3_agent_id'])
        .execute();
    },
  },
  routerFlavorMigration,
];
