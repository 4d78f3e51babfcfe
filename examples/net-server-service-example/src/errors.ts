import { Conflict, defineNeutronException, NotFound } from '@net-server/lib';

export const NetworkLabelNotFound = defineNeutronException<{ id: unknown }>(NotFound, 'NetworkLabelNotFound', 'Network label %(id)s could not be found.');

export const NetworkLabelExists = defineNeutronException<{ label: unknown; network_id: unknown }>(
  Conflict,
  'NetworkLabelExists',
  'Network %(network_id)s already has the label %(label)s.',
);
