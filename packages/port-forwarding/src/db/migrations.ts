import type { Migration } from 'net-server';

/**
 * neutron's portforwardings table (neutron/db/models/port_forwarding.py)
 * with its two unique constraints, going with its floating IP and its
 * internal port. neutron keeps the description among the standard
 * attributes, which the API does not show for forwardings; here it is a
 * column.
 */
export const migrations: readonly Migration[] = [
  {
    id: 'port_forwarding_0001_initial',
    after: ['core_0001_base_plugin', 'l3_0001_routers'],
    async up(db) {
      await db.schema
        .createTable('portforwardings')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('floatingip_id', 'varchar(36)', (c) => c.notNull().references('floatingips.id').onDelete('cascade'))
        .addColumn('internal_neutron_port_id', 'varchar(36)', (c) => c.notNull().references('ports.id').onDelete('cascade'))
        .addColumn('protocol', 'varchar(40)', (c) => c.notNull())
        .addColumn('internal_ip_address', 'varchar(64)', (c) => c.notNull())
        .addColumn('internal_port_start', 'integer', (c) => c.notNull())
        .addColumn('internal_port_end', 'integer', (c) => c.notNull())
        .addColumn('external_port_start', 'integer', (c) => c.notNull())
        .addColumn('external_port_end', 'integer', (c) => c.notNull())
        .addColumn('description', 'varchar(255)', (c) => c.notNull().defaultTo(''))
        .addUniqueConstraint('uniq_port_forwardings0floatingip_id0protocol0external_ports', [
          'floatingip_id',
          'protocol',
          'external_port_start',
          'external_port_end',
        ])
        .addUniqueConstraint('uniq_port_forwardings0ptcl0in_prt_id0in_ip_addr0in_prts', [
          'protocol',
          'internal_neutron_port_id',
          'internal_ip_address',
          'internal_port_start',
          'internal_port_end',
        ])
        .execute();
      await db.schema.createIndex('ix_portforwardings_internal_neutron_port_id').on('portforwardings').column('internal_neutron_port_id').execute();
    },
  },
];
