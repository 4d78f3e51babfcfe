import { BadRequest, Conflict, defineNeutronException, InUse, NotAuthorized, NotFound, PluginConfigError } from '@net-server/lib';

/** neutron_lib.exceptions.qos, as net-server errors (type = neutron's class name). */
export const QosPolicyNotFound = defineNeutronException<{ policy_id: unknown }>(NotFound, 'QosPolicyNotFound', 'QoS policy %(policy_id)s could not be found.');
export const QosRuleNotFound = defineNeutronException<{ policy_id: unknown; rule_id: unknown }>(
  NotFound,
  'QosRuleNotFound',
  'QoS rule %(rule_id)s for policy %(policy_id)s could not be found.',
);
export const QosRuleTypeNotFound = defineNeutronException<{ rule_type: unknown }>(NotFound, 'NotFound', 'Rule type %(rule_type)s could not be found.', {
  register: false,
});
export const QoSPolicyDefaultAlreadyExists = defineNeutronException<{ project_id: unknown }>(
  Conflict,
  'QoSPolicyDefaultAlreadyExists',
  'A default QoS policy exists for project %(project_id)s.',
);
export const QosPolicyInUse = defineNeutronException<{ policy_id: unknown; object_type: unknown; object_id: unknown }>(
  InUse,
  'QosPolicyInUse',
  'QoS Policy %(policy_id)s is used by %(object_type)s %(object_id)s.',
);
export const QosRuleNotSupported = defineNeutronException<{ rule_type: unknown; port_id: unknown }>(
  Conflict,
  'QosRuleNotSupported',
  'Rule %(rule_type)s is not supported by port %(port_id)s',
);
export const QosRuleNotSupportedByNetwork = defineNeutronException<{ rule_type: unknown; network_id: unknown }>(
  Conflict,
  'QosRuleNotSupportedByNetwork',
  'Rule %(rule_type)s is not supported by network %(network_id)s',
);
export const QoSRuleParameterConflict = defineNeutronException<{ rule_value: unknown; policy_id: unknown; existing_rule: unknown; existing_value: unknown }>(
  Conflict,
  'QoSRuleParameterConflict',
  'Unable to add the rule with value %(rule_value)s to the policy %(policy_id)s as the existing rule of type %(existing_rule)s has value %(existing_value)s.',
);
export const QoSRulesConflict = defineNeutronException<{ new_rule_type: unknown; rule_id: unknown; policy_id: unknown }>(
  Conflict,
  'QoSRulesConflict',
  'Rule %(new_rule_type)s conflicts with rule %(rule_id)s which already exists in QoS Policy %(policy_id)s.',
);
export const PolicyRemoveAuthorizationError = defineNeutronException<{ policy_id: unknown }>(
  NotAuthorized,
  'PolicyRemoveAuthorizationError',
  'Failed to remove provided policy %(policy_id)s because you are not authorized.',
);
/** neutron's create_policy without a project: lib's BadRequest with its resource and message. */
export function policyWithoutProject(): InstanceType<typeof BadRequest> {
  return new BadRequest({ resource: 'QoS policy', msg: 'Must have "policy_id"' });
}

/** The core plugin cannot carry `qos_policy_id` for the QoS plugin: a configuration to fix, reported as one. */
export class QosExtensionDriverMissingError extends PluginConfigError {
  override readonly code = 'QOS_EXTENSION_DRIVER_MISSING';
  constructor() {
    super(
      'ml2',
      'extension_drivers',
      'the qos service plugin keeps the qos_policy_id of ports and networks through the ML2 qos extension driver, ' +
        'which the core plugin has not loaded: use core_plugin = ml2 and add qos to [ml2] extension_drivers (e.g. extension_drivers = port_security,qos)',
    );
    this.name = 'QosExtensionDriverMissingError';
  }
}
