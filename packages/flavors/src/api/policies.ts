import type { PolicyRuleDefault } from 'net-server';

/*
 * neutron/conf/policies/flavor.py as Zed enforces it ([oslo_policy]
 * enforce_new_defaults off: the new check string or the deprecated one).
 * Changing flavors, service profiles and their associations is an
 * admin's; reading flavors (and a flavor's association) is anyone's, as
 * the deprecated rule:regular_user lets every caller through; reading
 * service profiles is an admin's.
 */
const ADMIN = 'rule:admin_only';
const ANYONE = `${ADMIN} or (role:reader and project_id:%(project_id)s) or rule:regular_user`;

export const flavorsPolicies: readonly PolicyRuleDefault[] = [
  { name: 'create_flavor', check: ADMIN },
  { name: 'get_flavor', check: ANYONE },
  { name: 'update_flavor', check: ADMIN },
  { name: 'delete_flavor', check: ADMIN },
  { name: 'create_service_profile', check: ADMIN },
  { name: 'get_service_profile', check: ADMIN },
  { name: 'update_service_profile', check: ADMIN },
  { name: 'delete_service_profile', check: ADMIN },
  { name: 'get_flavor_service_profile', check: ANYONE },
  { name: 'create_flavor_service_profile', check: ADMIN },
  { name: 'delete_flavor_service_profile', check: ADMIN },
  // neutron defines no rule for GET /v2.0/flavors/{id}/next_providers (its plugin serves none: 501): its `default`.
  { name: 'get_flavor_next_provider', check: 'rule:admin_or_owner' },
];
