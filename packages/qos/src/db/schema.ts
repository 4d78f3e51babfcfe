import type { Kysely } from 'kysely';
import type { MigrationSchema, RbacEntryRow } from 'net-server';

/** neutron's qos_policies (neutron.db.qos.models.QosPolicy with its standard attributes); `shared` is its RBAC entries' (qos_policies_rbacs). */
export type QosPoliciesTable = {
  id: string;
  project_id: string;
  name: string;
  description: string;
  revision_number: number;
  created_at: string;
  updated_at: string;
};

/** One default policy per project (QosPolicyDefault). */
export type QosPoliciesDefaultTable = {
  project_id: string;
  qos_policy_id: string;
};

export type QosBandwidthLimitRulesTable = {
  id: string;
  qos_policy_id: string;
  max_kbps: number | null;
  max_burst_kbps: number | null;
  direction: string;
};

export type QosDscpMarkingRulesTable = {
  id: string;
  qos_policy_id: string;
  dscp_mark: number;
};

export type QosMinimumBandwidthRulesTable = {
  id: string;
  qos_policy_id: string;
  min_kbps: number | null;
  direction: string;
};

export type QosPacketRateLimitRulesTable = {
  id: string;
  qos_policy_id: string;
  max_kpps: number | null;
  max_burst_kpps: number | null;
  direction: string;
};

export type QosMinimumPacketRateRulesTable = {
  id: string;
  qos_policy_id: string;
  min_kpps: number;
  direction: string;
};

export type QosNetworkPolicyBindingsTable = {
  network_id: string;
  policy_id: string;
};

export type QosPortPolicyBindingsTable = {
  port_id: string;
  policy_id: string;
};

/** neutron's qos_policies_rbacs (QosPolicyRBAC), the `qos_policy` RBAC entries. */
export const QOS_POLICY_RBAC_TABLE = 'qos_policies_rbacs';
// The core's entry columns, as a type alias: Kysely's table types need one.
export type QosPoliciesRbacsTable = { [K in keyof RbacEntryRow]: RbacEntryRow[K] };

/** A floating IP's policy (qos-fip); the floating IP is L3's, so no foreign key: the binding goes with it through L3's hooks. */
export type QosFipPolicyBindingsTable = {
  fip_id: string;
  policy_id: string;
};

/** A router gateway's policy (qos-gateway-ip), kept as the floating IPs' are. */
export type QosRouterGwPolicyBindingsTable = {
  router_id: string;
  policy_id: string;
};

export type QosTables = {
  qos_policies: QosPoliciesTable;
  qos_policies_rbacs: QosPoliciesRbacsTable;
  qos_policies_default: QosPoliciesDefaultTable;
  qos_bandwidth_limit_rules: QosBandwidthLimitRulesTable;
  qos_dscp_marking_rules: QosDscpMarkingRulesTable;
  qos_minimum_bandwidth_rules: QosMinimumBandwidthRulesTable;
  qos_packet_rate_limit_rules: QosPacketRateLimitRulesTable;
  qos_minimum_packet_rate_rules: QosMinimumPacketRateRulesTable;
  qos_network_policy_bindings: QosNetworkPolicyBindingsTable;
  qos_port_policy_bindings: QosPortPolicyBindingsTable;
  qos_fip_policy_bindings: QosFipPolicyBindingsTable;
  qos_router_gw_policy_bindings: QosRouterGwPolicyBindingsTable;
};

export type QosDb = Kysely<QosTables>;

/**
 * This package's typed view of a query layer typed for other tables (the
 * core plugin's session, ML2's extension driver hooks): the same object at
 * run time, Kysely's invariant database type aside.
 */
export function qosView<DB extends MigrationSchema>(db: Kysely<DB>): QosDb {
  return db.withTables<QosTables>() as unknown as QosDb;
}
