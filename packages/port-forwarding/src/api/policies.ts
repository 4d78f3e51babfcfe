import type { PolicyRuleDefault } from 'net-server';

/** The owner of the floating IP a forwarding belongs to, which the plugin's dicts name as `floatingip_id` (neutron's ext_parent_owner). */
const FLOATING_IP_OWNER = 'tenant_id:%(floatingip:tenant_id)s';

/*
 * neutron/conf/policies/floatingip_port_forwarding.py as Zed enforces it
 * ([oslo_policy] enforce_new_defaults off: the new or the deprecated check
 * string): a project member, an admin or the floating IP's owner.
 * neutron's `ext_parent` checks name the parent through an
 * `ext_parent_floatingip_id` its controller adds; here the forwarding's
 * own `floatingip_id` names it, which a create's body does not carry, so a
 * create passes as a member of the body's project (the caller's, unless an
 * admin names another) and the plugin then finds the floating IP only
 * where the caller may see it (404 otherwise), as neutron's does.
 */
const rule = (reader: boolean): string =>
  `rule:context_is_admin or (role:${reader ? 'reader' : 'member'} and project_id:%(project_id)s) or ${FLOATING_IP_OWNER}`;

export const portForwardingPolicies: readonly PolicyRuleDefault[] = [
  { name: 'create_floatingip_port_forwarding', check: rule(false) },
  { name: 'get_floatingip_port_forwarding', check: rule(true) },
  { name: 'update_floatingip_port_forwarding', check: rule(false) },
  { name: 'delete_floatingip_port_forwarding', check: rule(false) },
];
