import { BadRequest, Conflict, InUse, NotFound, defineNeutronException, type ErrorFields } from '@net-server/lib';

/** neutron_lib.exceptions.address_scope and the address scope errors of neutron_lib.exceptions, as net-server errors (type = neutron's class name). */
export const AddressScopeNotFound = defineNeutronException<{ address_scope_id: unknown }>(
  NotFound,
  'AddressScopeNotFound',
  'Address scope %(address_scope_id)s could not be found.',
);

export const AddressScopeInUse = defineNeutronException<{ address_scope_id: unknown }>(
  InUse,
  'AddressScopeInUse',
  'Unable to complete operation on address scope %(address_scope_id)s. There are one or more subnet pools in use on the address scope.',
);

export const AddressScopeUpdateError = defineNeutronException<{ address_scope_id: unknown; reason: unknown }>(
  BadRequest,
  'AddressScopeUpdateError',
  'Unable to update address scope %(address_scope_id)s : %(reason)s.',
);

export const AddressScopePrefixConflict = defineNeutronException<ErrorFields>(
  Conflict,
  'AddressScopePrefixConflict',
  'Failed to associate address scope: subnetpools within an address scope must have unique prefixes.',
);

export const IllegalSubnetPoolAssociationToAddressScope = defineNeutronException<{ subnetpool_id: unknown; address_scope_id: unknown }>(
  BadRequest,
  'IllegalSubnetPoolAssociationToAddressScope',
  'Illegal subnetpool association: subnetpool %(subnetpool_id)s cannot be associated with address scope %(address_scope_id)s.',
);

export const IllegalSubnetPoolIpVersionAssociationToAddressScope = defineNeutronException<{
  subnetpool_id: unknown;
  address_scope_id: unknown;
  ip_version: unknown;
}>(
  BadRequest,
  'IllegalSubnetPoolIpVersionAssociationToAddressScope',
  'Illegal subnetpool association: subnetpool %(subnetpool_id)s cannot associate with address scope %(address_scope_id)s because subnetpool ip_version is not %(ip_version)s.',
);
