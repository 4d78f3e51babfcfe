import type { PolicyRuleDefault } from 'net-server';

/*
 * neutron/conf/policies/l3_conntrack_helper.py as Zed enforces it
 * ([oslo_policy] enforce_new_defaults off: the new or the deprecated check
 * string): a project member (reader to read), an admin, or the router's
 * owner. neutron names the router through an `ext_parent_router_id` its
 * controller adds; here the helper's own `router_id` names it, which a
 * create's body does not carry, so a create passes as a member of the
 * caller's project (or an admin), and the plugin then finds the router only
 * where the caller may see it.
 */
const rule = (reader: boolean): string =>
  `rule:context_is_admin or (role:${reader ? 'reader' : 'member'} and project_id:%(project_id)s) or tenant_id:%(router:tenant_id)s`;

export const conntrackHelperPolicies: readonly PolicyRuleDefault[] = [
  { name: 'create_router_conntrack_helper', check: rule(false) },
  { name: 'get_router_conntrack_helper', check: rule(true) },
  { name: 'update_router_conntrack_helper', check: rule(false) },
  { name: 'delete_router_conntrack_helper', check: rule(false) },
];
