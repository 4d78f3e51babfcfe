import type { PolicyRuleDefault } from 'net-server';

/*
 * neutron/conf/policies/address_scope.py as Zed enforces it: with
 * [oslo_policy] enforce_new_defaults off, a rule passes when its new check
 * string or its deprecated one does, and the deprecated ones are the wider.
 * Anyone creates a scope, its owner (or an admin) changes and deletes it,
 * everyone sees shared ones, and only an admin shares or unshares one.
 */
export const addressScopePolicies: readonly PolicyRuleDefault[] = [
  { name: 'shared_address_scopes', check: 'field:address_scopes:shared=True' },
  { name: 'create_address_scope', check: 'rule:regular_user' },
  { name: 'create_address_scope:shared', check: 'rule:admin_only' },
  { name: 'get_address_scope', check: 'rule:admin_or_owner or rule:shared_address_scopes' },
  { name: 'update_address_scope', check: 'rule:admin_or_owner' },
  { name: 'update_address_scope:shared', check: 'rule:admin_only' },
  { name: 'delete_address_scope', check: 'rule:admin_or_owner' },
];
