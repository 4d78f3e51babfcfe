import type { PolicyRuleDefault } from 'net-server';

/*
 * neutron/conf/policies/ndp_proxy.py as Zed enforces it ([oslo_policy]
 * enforce_new_defaults off: the new or the deprecated check string).
 * Creating is anyone's (the deprecated rule:regular_user), the plugin then
 * finding the router and the port only where the caller sees them; reading
 * is a reader's of the owning project, or the owner's or an admin's;
 * changing and deleting a member's, the owner's or an admin's.
 */
const ownerOr = (role: 'reader' | 'member'): string => `(role:${role} and project_id:%(project_id)s) or rule:admin_or_owner`;

export const ndpProxyPolicies: readonly PolicyRuleDefault[] = [
  { name: 'create_ndp_proxy', check: '(role:member and project_id:%(project_id)s) or rule:regular_user' },
  { name: 'get_ndp_proxy', check: ownerOr('reader') },
  { name: 'update_ndp_proxy', check: ownerOr('member') },
  { name: 'delete_ndp_proxy', check: ownerOr('member') },
];
