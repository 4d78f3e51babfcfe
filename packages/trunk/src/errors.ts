import { BadRequest, Conflict, InUse, NotFound, defineNeutronException } from '@net-server/lib';

/** neutron.services.trunk.exceptions, as net-server errors (type = neutron's class name). */
export const TrunkPortInUse = defineNeutronException<{ port_id: unknown }>(InUse, 'TrunkPortInUse', 'Port %(port_id)s is in use by another trunk.');

export const TrunkNotFound = defineNeutronException<{ trunk_id: unknown }>(NotFound, 'TrunkNotFound', 'Trunk %(trunk_id)s could not be found.');

export const SubPortNotFound = defineNeutronException<{ trunk_id: unknown; port_id: unknown }>(
  NotFound,
  'SubPortNotFound',
  'SubPort %(port_id)s on trunk %(trunk_id)s could not be found.',
);

export const DuplicateSubPort = defineNeutronException<{ segmentation_type: unknown; segmentation_id: unknown; trunk_id: unknown }>(
  InUse,
  'DuplicateSubPort',
  'segmentation_type %(segmentation_type)s and segmentation_id %(segmentation_id)s already in use on trunk %(trunk_id)s.',
);

export const ParentPortInUse = defineNeutronException<{ port_id: unknown }>(
  InUse,
  'ParentPortInUse',
  'Port %(port_id)s is currently in use and is not eligible for use as a parent port.',
);

export const SubPortMtuGreaterThanTrunkPortMtu = defineNeutronException<{ port_id: unknown; port_mtu: unknown; trunk_id: unknown; trunk_mtu: unknown }>(
  Conflict,
  'SubPortMtuGreaterThanTrunkPortMtu',
  'MTU %(port_mtu)s of subport %(port_id)s cannot be greater than MTU %(trunk_mtu)s of trunk %(trunk_id)s.',
);

export const PortInUseAsTrunkParent = defineNeutronException<{ port_id: unknown; trunk_id: unknown }>(
  InUse,
  'PortInUseAsTrunkParent',
  'Port %(port_id)s is currently a parent port for trunk %(trunk_id)s.',
);

export const PortInUseAsSubPort = defineNeutronException<{ port_id: unknown; trunk_id: unknown }>(
  InUse,
  'PortInUseAsSubPort',
  'Port %(port_id)s is currently a subport for trunk %(trunk_id)s.',
);

export const TrunkInUse = defineNeutronException<{ trunk_id: unknown }>(InUse, 'TrunkInUse', 'Trunk %(trunk_id)s is currently in use.');

export const TrunkDisabled = defineNeutronException<{ trunk_id: unknown }>(Conflict, 'TrunkDisabled', 'Trunk %(trunk_id)s is currently disabled.');

export const TrunkInErrorState = defineNeutronException<{ trunk_id: unknown }>(
  Conflict,
  'TrunkInErrorState',
  'Trunk %(trunk_id)s is in error state. Attempt to resolve the error condition before proceeding.',
);

export const TrunkPluginDriverConflict = defineNeutronException<Record<string, never>>(
  Conflict,
  'TrunkPluginDriverConflict',
  'A misconfiguration in the environment prevents the operation from completing, please, contact the admin.',
);

/*
 * The InvalidInput errors of neutron's SubPortsValidator whose messages
 * print a value as Python's `%s` does (lib formats fields that way). Not
 * registered: the type is lib's InvalidInput.
 */
export const SegmentationIdNotInteger = defineNeutronException<{ segmentation_id: unknown }>(
  BadRequest,
  'InvalidInput',
  "Invalid input for operation: Invalid subport details: segmentation_id '%(segmentation_id)s' is not an integer.",
  { register: false },
);

export const UnknownSegmentationType = defineNeutronException<{ segmentation_type: unknown }>(
  BadRequest,
  'InvalidInput',
  "Invalid input for operation: Unknown segmentation_type '%(segmentation_type)s'.",
  { register: false },
);

export const SegmentationIdOutOfRange = defineNeutronException<{ segmentation_id: unknown }>(
  BadRequest,
  'InvalidInput',
  "Invalid input for operation: Segmentation ID '%(segmentation_id)s' is not in range.",
  { register: false },
);
