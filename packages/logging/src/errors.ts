import { Conflict, InvalidInput, NotFound, defineNeutronException } from '@net-server/lib';

/** neutron.services.logapi.common.exceptions, as net-server errors (type = neutron's class name). */
export const LogResourceNotFound = defineNeutronException<{ log_id: unknown }>(NotFound, 'LogResourceNotFound', 'Log resource %(log_id)s could not be found.');

export const InvalidLogResourceType = defineNeutronException<{ resource_type: unknown }>(
  InvalidInput,
  'InvalidLogResourceType',
  'Invalid log resource_type: %(resource_type)s.',
);

export const LoggingTypeNotSupported = defineNeutronException<{ log_type: unknown; port_id: unknown }>(
  Conflict,
  'LoggingTypeNotSupported',
  'Logging type %(log_type)s is not supported on port %(port_id)s.',
);

export const TargetResourceNotFound = defineNeutronException<{ target_id: unknown }>(
  NotFound,
  'TargetResourceNotFound',
  'Target resource %(target_id)s could not be found.',
);

export const ResourceNotFound = defineNeutronException<{ resource_id: unknown }>(NotFound, 'ResourceNotFound', 'Resource %(resource_id)s could not be found.');

export const InvalidResourceConstraint = defineNeutronException<{ resource: unknown; resource_id: unknown; target_resource: unknown; target_id: unknown }>(
  InvalidInput,
  'InvalidResourceConstraint',
  'Invalid resource constraint between resource (%(resource)s %(resource_id)s) and target resource (%(target_resource)s %(target_id)s).',
);
