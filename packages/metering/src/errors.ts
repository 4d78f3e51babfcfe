import { BadRequest, Conflict, NotFound, defineNeutronException } from '@net-server/lib';

/** neutron_lib.exceptions.metering, as net-server errors (type = neutron's class name). */
export const MeteringLabelNotFound = defineNeutronException<{ label_id: unknown }>(
  NotFound,
  'MeteringLabelNotFound',
  "Metering label '%(label_id)s' does not exist.",
);

export const MeteringLabelRuleNotFound = defineNeutronException<{ rule_id: unknown }>(
  NotFound,
  'MeteringLabelRuleNotFound',
  "Metering label rule '%(rule_id)s' does not exist.",
);

export const MeteringLabelRuleOverlaps = defineNeutronException<{ remote_ip_prefix: unknown }>(
  Conflict,
  'MeteringLabelRuleOverlaps',
  "Metering label rule with remote_ip_prefix '%(remote_ip_prefix)s' overlaps another.",
);

/**
 * The `neutron_lib.exceptions.Invalid` the metering plugin raises for a
 * rule's prefixes, with neutron's type and messages. neutron's API maps
 * no status to Invalid and so answers 500; a bad request is a 400 here.
 * Not registered under the type name, which is neutron_lib's generic one.
 */
export const InvalidMeteringRule = defineNeutronException<{ error_message: unknown }>(BadRequest, 'Invalid', '%(error_message)s', { register: false });
