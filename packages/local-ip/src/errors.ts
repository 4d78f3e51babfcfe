import { BadRequest, InUse, InvalidInput, NotFound, defineNeutronException } from '@net-server/lib';

/** neutron_lib.exceptions.local_ip, as net-server errors (type = neutron's class name). */
export const LocalIPNotFound = defineNeutronException<{ id: unknown }>(NotFound, 'LocalIPNotFound', 'Local IP %(id)s could not be found.');

export const LocalIPInUse = defineNeutronException<{ id: unknown }>(InUse, 'LocalIPInUse', 'Local IP %(id)s is still associated with one or more ports.');

export const LocalIPNoIP = defineNeutronException<{ port_id: unknown }>(InvalidInput, 'LocalIPNoIP', 'Specified Port %(port_id)s has no fixed IPs configured.');

export const LocalIPRequestedIPNotFound = defineNeutronException<{ port_id: unknown; ip: unknown }>(
  InvalidInput,
  'LocalIPRequestedIPNotFound',
  'Specified Port %(port_id)s does not have requested IP address: %(ip)s.',
);

export const LocalIPNoRequestedIP = defineNeutronException<{ port_id: unknown }>(
  InvalidInput,
  'LocalIPNoRequestedIP',
  'Specified Port %(port_id)s has several IPs, should specify exact IP address to use for Local IP.',
);

export const LocalIPPortOrNetworkRequired = defineNeutronException<Record<string, never>>(
  InvalidInput,
  'LocalIPPortOrNetworkRequired',
  'Either Port ID or Network ID must be specified for Local IP create.',
);

export const LocalIPAssociationNotFound = defineNeutronException<{ local_ip_id: unknown; port_id: unknown }>(
  NotFound,
  'LocalIPAssociationNotFound',
  'Local IP %(local_ip_id)s association with port %(port_id)s could not be found.',
);

/** neutron's BadRequest with resource and msg: "Bad <resource> request: <msg>." */
export function badRequest(resource: string, msg: string): Error {
  return new BadRequest({ resource, msg });
}
