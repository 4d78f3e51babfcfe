import { Conflict, InUse, type ErrorFields, InvalidInput, NotFound, ServiceUnavailable, defineNeutronException } from '@net-server/lib';

/** neutron_lib.exceptions.flavors, as net-server errors (type = neutron's class name). */
export const FlavorNotFound = defineNeutronException<{ flavor_id: unknown }>(NotFound, 'FlavorNotFound', 'Flavor %(flavor_id)s could not be found.');

export const FlavorInUse = defineNeutronException<{ flavor_id: unknown }>(InUse, 'FlavorInUse', 'Flavor %(flavor_id)s is used by some service instance.');

export const ServiceProfileNotFound = defineNeutronException<{ sp_id: unknown }>(
  NotFound,
  'ServiceProfileNotFound',
  'Service Profile %(sp_id)s could not be found.',
);

export const ServiceProfileInUse = defineNeutronException<{ sp_id: unknown }>(
  InUse,
  'ServiceProfileInUse',
  'Service Profile %(sp_id)s is used by some service instance.',
);

export const FlavorServiceProfileBindingExists = defineNeutronException<{ sp_id: unknown; fl_id: unknown }>(
  Conflict,
  'FlavorServiceProfileBindingExists',
  'Service Profile %(sp_id)s is already associated with flavor %(fl_id)s.',
);

export const FlavorServiceProfileBindingNotFound = defineNeutronException<{ sp_id: unknown; fl_id: unknown }>(
  NotFound,
  'FlavorServiceProfileBindingNotFound',
  'Service Profile %(sp_id)s is not associated with flavor %(fl_id)s.',
);

export const ServiceProfileDriverNotFound = defineNeutronException<{ driver: unknown }>(
  NotFound,
  'ServiceProfileDriverNotFound',
  'Service Profile driver %(driver)s could not be found.',
);

export const ServiceProfileEmpty = defineNeutronException<ErrorFields>(
  InvalidInput,
  'ServiceProfileEmpty',
  'Service Profile needs either a driver or metainfo.',
);

export const FlavorDisabled = defineNeutronException<ErrorFields>(ServiceUnavailable, 'FlavorDisabled', 'Flavor is not enabled.');

export const ServiceProfileDisabled = defineNeutronException<ErrorFields>(ServiceUnavailable, 'ServiceProfileDisabled', 'Service Profile is not enabled.');
