export { QosPlugin } from './plugin/qos-plugin.js';
export { QosExtensionDriver } from './ml2/qos-extension-driver.js';
export { QosCoreResourceExtension } from './plugin/core-resource-extension.js';
export type { QosPolicyRecord } from './plugin/policy-record.js';
export type { QosRule } from './plugin/rule-kinds.js';
export { QosDriverManager, type RuleTypeDriverDetails } from './drivers/qos-driver-manager.js';
export { OPENVSWITCH_QOS_DRIVER, LINUXBRIDGE_QOS_DRIVER, QOS_DRIVERS_BY_MECHANISM, type QosDriver, type SupportedRules } from './drivers/qos-driver.js';
export { policyPrimitive, deletedPolicyPrimitive } from './rpc/versioned-policy.js';
export { IncompatibleObjectVersion } from './rpc/policy-producer.js';
export { PlacementBackedPolicyUpdate } from './plugin/policy-validation.js';
export { RESOURCE_REQUEST } from './plugin/resource-request.js';
export {
  PORT_RESOURCE_REQUEST,
  PORT_RESOURCE_REQUEST_GROUPS,
  QOS,
  QOS_BW_LIMIT_DIRECTION,
  QOS_BW_MINIMUM_INGRESS,
  QOS_DEFAULT,
  QOS_FIP,
  QOS_GATEWAY_IP,
  QOS_PORT_NETWORK_POLICY,
  QOS_PPS,
  QOS_PPS_MINIMUM,
  QOS_PPS_MINIMUM_RULE_ALIAS,
  QOS_RULE_TYPE_DETAILS,
  QOS_RULE_TYPE_FILTER,
  QOS_RULES_ALIAS,
  qosExtensions,
} from './api/definitions.js';
export { qosPolicies } from './api/policies.js';
export { migrations } from './db/migrations.js';
export type { QosTables } from './db/schema.js';
export * from './constants.js';
export * from './errors.js';
