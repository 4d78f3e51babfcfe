import type { PolicyRuleDefault } from 'net-server';

/** The owner of the local IP an association belongs to, which its dicts name as `local_ip_id` (neutron's ext_parent_owner). */
const LOCAL_IP_OWNER = 'tenant_id:%(local_ip:tenant_id)s';
const ADMIN_OR_OWNER = 'rule:context_is_admin or tenant_id:%(tenant_id)s';

/*
 * neutron/conf/policies/local_ip.py and local_ip_association.py as Zed
 * enforces them ([oslo_policy] enforce_new_defaults off: the new or the
 * deprecated check string). Creating a local IP is anyone's (the
 * deprecated RULE_ANY); reading, updating and deleting it the owner's or
 * an admin's, or a project reader's / member's. An association is the
 * local IP owner's (neutron names it through the `ext_parent_local_ip_id`
 * its controller adds; here the association's `local_ip_id`), or a
 * project member's. `local_ip_address` is enforced on create (its
 * attribute's enforce_policy) with neutron's `default` rule, as neutron
 * declares no rule for it.
 */
const association = (reader: boolean): string =>
  `rule:context_is_admin or (role:${reader ? 'reader' : 'member'} and project_id:%(project_id)s) or ${LOCAL_IP_OWNER}`;

export const localIpPolicies: readonly PolicyRuleDefault[] = [
  { name: 'create_local_ip', check: 'rule:regular_user' },
  { name: 'create_local_ip:local_ip_address', check: 'rule:admin_or_owner' },
  { name: 'get_local_ip', check: `${ADMIN_OR_OWNER} or (role:reader and project_id:%(project_id)s)` },
  { name: 'update_local_ip', check: `${ADMIN_OR_OWNER} or (role:member and project_id:%(project_id)s)` },
  { name: 'delete_local_ip', check: `${ADMIN_OR_OWNER} or (role:member and project_id:%(project_id)s)` },
  { name: 'create_local_ip_port_association', check: association(false) },
  { name: 'get_local_ip_port_association', check: association(true) },
  { name: 'delete_local_ip_port_association', check: association(false) },
];
