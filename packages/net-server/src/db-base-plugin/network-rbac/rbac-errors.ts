import { Conflict, InvalidInput, NeutronException, NotFound, defineNeutronException } from '@net-server/lib';

/** neutron.extensions.rbac.RbacPolicyNotFound (404). */
export const RbacPolicyNotFound = defineNeutronException<{ object_type: unknown; id: unknown }>(
  NotFound,
  'RbacPolicyNotFound',
  'RBAC policy of type %(object_type)s with ID %(id)s not found',
);

/** neutron.extensions.rbac.RbacPolicyInUse (409): a project still uses the access the change would take away. */
export const RbacPolicyInUse = defineNeutronException<{ object_id: unknown; details: unknown }>(
  Conflict,
  'RbacPolicyInUse',
  'RBAC policy on object %(object_id)s cannot be removed because other objects depend on it.\nDetails: %(details)s',
);

/** neutron.extensions.rbac.DuplicateRbacPolicy (409). */
export const DuplicateRbacPolicy = defineNeutronException<Record<string, never>>(
  Conflict,
  'DuplicateRbacPolicy',
  'An RBAC policy already exists with those values.',
);

/** neutron.db.rbac_db_models.InvalidActionForType (400). */
export const InvalidActionForType = defineNeutronException<{ action: unknown; object_type: unknown; valid_actions: unknown }>(
  InvalidInput,
  'InvalidActionForType',
  "Invalid action '%(action)s' for object type '%(object_type)s'. Valid actions: %(valid_actions)s",
);

/** neutron.extensions.rbac.RbacPolicyInitError: a check of a new entry failed (answered as InvalidInput, 400, by NetworkRbacPolicies). */
export const RbacPolicyInitError = defineNeutronException<{ object_id: unknown; reason: unknown }>(
  NeutronException,
  'RbacPolicyInitError',
  'Failed to create RBAC policy on object %(object_id)s because %(reason)s.',
);
