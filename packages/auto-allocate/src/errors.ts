import { Conflict, defineNeutronException } from '@net-server/lib';

/** neutron.services.auto_allocate.exceptions, as net-server errors (type = neutron's class name). */
export const AutoAllocationFailure = defineNeutronException<{ reason: unknown }>(Conflict, 'AutoAllocationFailure', 'Deployment error: %(reason)s.');

export const DefaultExternalNetworkExists = defineNeutronException<{ net_id: unknown }>(
  Conflict,
  'DefaultExternalNetworkExists',
  'A default external network already exists: %(net_id)s.',
);
