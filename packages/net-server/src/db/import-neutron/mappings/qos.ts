import { copy, type TableMapping } from './table-mapping.js';
import { rbacEntries, sharedThroughRbac } from './rbac.js';

/** QoS policies (with their RBAC entries and project defaults), rules, and port and network bindings: the @net-server/qos tables. */
export const qosMappings: readonly TableMapping[] = [
  sharedThroughRbac('qos_policies', 'qos_policies', 'qospolicyrbacs', true),
  rbacEntries('qos_policies_rbacs', 'qospolicyrbacs'),
  copy('qos_policies_default'),
  copy('qos_bandwidth_limit_rules'),
  copy('qos_dscp_marking_rules'),
  copy('qos_minimum_bandwidth_rules'),
  copy('qos_network_policy_bindings'),
  copy('qos_port_policy_bindings'),
];
