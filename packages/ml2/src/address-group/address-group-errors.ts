import { BadRequest, defineNeutronException, InUse, NotFound } from '@net-server/lib';

/** neutron_lib.exceptions.address_group, with neutron's names and messages. */
export const AddressGroupNotFound = defineNeutronException<{ address_group_id: unknown }>(
  NotFound,
  'AddressGroupNotFound',
  'Address group %(address_group_id)s could not be found.',
);
export const AddressGroupInUse = defineNeutronException<{ address_group_id: unknown }>(
  InUse,
  'AddressGroupInUse',
  'Address group %(address_group_id)s is in use on one or more security group rules.',
);
export const AddressesNotFound = defineNeutronException<{ addresses: unknown; address_group_id: unknown }>(
  NotFound,
  'AddressesNotFound',
  'Addresses %(addresses)s not found in the address group %(address_group_id)s.',
);
export const AddressesAlreadyExist = defineNeutronException<{ addresses: unknown; address_group_id: unknown }>(
  BadRequest,
  'AddressesAlreadyExist',
  'Addresses %(addresses)s already exist in the address group %(address_group_id)s.',
);
/**
 * An address of add_addresses or remove_addresses that is no address nor
 * CIDR: neutron's API maps netaddr's AddrFormatError to 400 with its
 * message. Give addresses as `10.0.0.0/24` or `2001:db8::1`.
 */
export const AddrFormatError = defineNeutronException<{ address: unknown }>(BadRequest, 'AddrFormatError', 'invalid IPNetwork %(address)s');
