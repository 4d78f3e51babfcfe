import { BadRequest, NotFound, defineNeutronException } from '@net-server/lib';

/** neutron.services.conntrack_helper.common.exceptions, as net-server errors (type = neutron's class name). */
export const ConntrackHelperNotFound = defineNeutronException<{ id: unknown }>(
  NotFound,
  'ConntrackHelperNotFound',
  'Conntrack Helper %(id)s could not be found.',
);

export const ConntrackHelperNotAllowed = defineNeutronException<{ helper: unknown }>(
  BadRequest,
  'ConntrackHelperNotAllowed',
  'Conntrack Helper %(helper)s is not allowed.',
);

export const InvalidProtocolForHelper = defineNeutronException<{ helper: unknown; protocol: unknown; supported_protocols: unknown }>(
  BadRequest,
  'InvalidProtocolForHelper',
  'Conntrack Helper %(helper)s does not support: %(protocol)s. Supported protocols are: %(supported_protocols)s',
);
