import type { Migration } from 'net-server';
import { randomUUID } from 'node:crypto';

const uuid = 'varchar(36)';
const stamp = 'varchar(32)';

/** The QoS tables (neutron.db.qos.models), applied by `net-server db upgrade` through the net_server.db.migrations entry point. */
export const migrations: readonly Migration[] = [
  {
    id: 'qos_0001_policies',
    after: ['core_0001_base_plugin'],
    async up(db) {
      await db.schema
        .createTable('qos_policies')
        .addColumn('id', uuid, (c) => c.primaryKey())
        .addColumn('project_id', 'varchar(255)', (c) => c.notNull())
        .addColumn('name', 'varchar(255)', (c) => c.notNull().defaultTo(''))
        .addColumn('description', 'varchar(255)', (c) => c.notNull().defaultTo(''))
        .addColumn('shared', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('revision_number', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', stamp, (c) => c.notNull())
        .addColumn('updated_at', stamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('ix_qos_policies_project_id').on('qos_policies').column('project_id').execute();
      await db.schema
        .createTable('qos_policies_default')
        .addColumn('project_id', 'varchar(255)', (c) => c.primaryKey())
        .addColumn('qos_policy_id', uuid, (c) => c.notNull().references('qos_policies.id').onDelete('cascade'))
        .execute();
      // One rule per direction (one DSCP rule) per policy, as neutron's unique constraints.
      await db.schema
        .createTable('qos_bandwidth_limit_rules')
        .addColumn('id', uuid, (c) => c.primaryKey())
        .addColumn('qos_policy_id', uuid, (c) => c.notNull().references('qos_policies.id').onDelete('cascade'))
        .addColumn('max_kbps', 'integer')
        .addColumn('max_burst_kbps', 'integer')
        .addColumn('direction', 'varchar(16)', (c) => c.notNull().defaultTo('egress'))
        .addUniqueConstraint('qos_bandwidth_rules0qos_policy_id0direction', ['qos_policy_id', 'direction'])
        .execute();
      await db.schema
        .createTable('qos_dscp_marking_rules')
        .addColumn('id', uuid, (c) => c.primaryKey())
        .addColumn('qos_policy_id', uuid, (c) => c.notNull().unique().references('qos_policies.id').onDelete('cascade'))
        .addColumn('dscp_mark', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('qos_minimum_bandwidth_rules')
        .addColumn('id', uuid, (c) => c.primaryKey())
        .addColumn('qos_policy_id', uuid, (c) => c.notNull().references('qos_policies.id').onDelete('cascade'))
        .addColumn('min_kbps', 'integer')
        .addColumn('direction', 'varchar(16)', (c) => c.notNull().defaultTo('egress'))
        .addUniqueConstraint('qos_minimum_bandwidth_rules0qos_policy_id0direction', ['qos_policy_id', 'direction'])
        .execute();
      // A binding goes with its network or port; a policy cannot go while bound (QosPolicyInUse first, the key as a backstop).
      await db.schema
        .createTable('qos_network_policy_bindings')
        .addColumn('network_id', uuid, (c) => c.primaryKey().references('networks.id').onDelete('cascade'))
        .addColumn('policy_id', uuid, (c) => c.notNull().references('qos_policies.id'))
        .execute();
      await db.schema
        .createTable('qos_port_policy_bindings')
        .addColumn('port_id', uuid, (c) => c.primaryKey().references('ports.id').onDelete('cascade'))
        .addColumn('policy_id', uuid, (c) => c.notNull().references('qos_policies.id'))
        .execute();
      await db.schema.createIndex('ix_qos_network_policy_bindings_policy_id').on('qos_network_policy_bindings').column('policy_id').execute();
      await db.schema.createIndex('ix_qos_port_policy_bindings_policy_id').on('qos_port_policy_bindings').column('policy_id').execute();
    },
  },
  {
    // neutron's qos_policies_rbacs (QosPolicyRBAC): a policy's `shared` becomes its access_as_shared entry for '*', and the column goes.
    id: 'qos_0002_policy_rbac',
    after: ['qos_0001_policies'],
    async up(db) {
      await db.schema
        .createTable('qos_policies_rbacs')
        .addColumn('id', uuid, (c) => c.primaryKey())
        .addColumn('project_id', 'varchar(255)', (c) => c.notNull())
        .addColumn('object_id', uuid, (c) => c.notNull().references('qos_policies.id').onDelete('cascade'))
        .addColumn('target_project', 'varchar(255)', (c) => c.notNull())
        .addColumn('action', 'varchar(255)', (c) => c.notNull())
        .addUniqueConstraint('uniq_qos_policies_rbacs0target_project0object_id0action', ['target_project', 'object_id', 'action'])
        .execute();
      await db.schema.createIndex('ix_qos_policies_rbacs_object_id').on('qos_policies_rbacs').column('object_id').execute();
      const shared = await db.selectFrom('qos_policies').select(['id', 'project_id']).where('shared', '=', 1).execute();
      for (const policy of shared) {
        await db
          .insertInto('qos_policies_rbacs')
          .values({ id: randomUUID(), project_id: policy.project_id, object_id: policy.id, target_project: '*', action: 'access_as_shared' })
          .execute();
      }
      await db.schema.alterTable('qos_policies').dropColumn('shared').execute();
    },
  },
  {
    // neutron's packet rate rules (qos-pps, qos-pps-minimum): one per direction per policy; a minimum may hold for 'any' direction.
    id: 'qos_0003_packet_rate_rules',
    after: ['qos_0001_policies'],
    async up(db) {
      await db.schema
        .createTable('qos_packet_rate_limit_rules')
        .addColumn('id', uuid, (c) => c.primaryKey())
        .addColumn('qos_policy_id', uuid, (c) => c.notNull().references('qos_policies.id').onDelete('cascade'))
        .addColumn('max_kpps', 'integer')
        .addColumn('max_burst_kpps', 'integer')
        .addColumn('direction', 'varchar(16)', (c) => c.notNull().defaultTo('egress'))
        .addUniqueConstraint('qos_packet_rate_limit_rules0qos_policy_id0direction', ['qos_policy_id', 'direction'])
        .execute();
      await db.schema
        .createTable('qos_minimum_packet_rate_rules')
        .addColumn('id', uuid, (c) => c.primaryKey())
        .addColumn('qos_policy_id', uuid, (c) => c.notNull().references('qos_policies.id').onDelete('cascade'))
        .addColumn('min_kpps', 'integer', (c) => c.notNull())
        .addColumn('direction', 'varchar(16)', (c) => c.notNull().defaultTo('egress'))
        .addUniqueConstraint('qos_minimum_packet_rate_rules0qos_policy_id0direction', ['qos_policy_id', 'direction'])
        .execute();
    },
  },
  {
    // qos-fip and qos-gateway-ip: L3's tables may not exist (it is another package), so only the policy is a foreign key.
    id: 'qos_0004_fip_router_bindings',
    after: ['qos_0001_policies'],
    async up(db) {
      await db.schema
        .createTable('qos_fip_policy_bindings')
        .addColumn('fip_id', uuid, (c) => c.primaryKey())
        .addColumn('policy_id', uuid, (c) => c.notNull().references('qos_policies.id'))
        .execute();
      await db.schema
        .createTable('qos_router_gw_policy_bindings')
        .addColumn('router_id', uuid, (c) => c.primaryKey())
        .addColumn('policy_id', uuid, (c) => c.notNull().references('qos_policies.id'))
        .execute();
      await db.schema.createIndex('ix_qos_fip_policy_bindings_policy_id').on('qos_fip_policy_bindings').column('policy_id').execute();
      await db.schema.createIndex('ix_qos_router_gw_policy_bindings_policy_id').on('qos_router_gw_policy_bindings').column('policy_id').execute();
    },
  },
];
