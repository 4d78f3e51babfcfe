import type { PolicyRuleDefault } from 'net-server';

/*
 * neutron/conf/policies/security_group.py, agent.py (agents and the DHCP
 * agent scheduler) and availability_zone.py, as Zed enforces them
 * (enforce_new_defaults off: the deprecated, wider check strings). Anyone may
 * ask for a security group (the plugin answers only the caller's own);
 * agents are an admin's.
 */
const table: ReadonlyArray<readonly [string, string]> = [
  ['admin_or_sg_owner', 'rule:context_is_admin or tenant_id:%(security_group:tenant_id)s'],
  ['admin_owner_or_sg_owner', 'rule:owner or rule:admin_or_sg_owner'],
  ['create_security_group', 'rule:admin_or_owner'],
  ['get_security_group', 'rule:regular_user'],
  ['update_security_group', 'rule:admin_or_owner'],
  ['delete_security_group', 'rule:admin_or_owner'],
  ['create_security_group_rule', 'rule:admin_or_owner'],
  ['get_security_group_rule', 'rule:admin_owner_or_sg_owner'],
  ['delete_security_group_rule', 'rule:admin_or_owner'],
  ['get_agent', 'rule:admin_only'],
  ['update_agent', 'rule:admin_only'],
  ['delete_agent', 'rule:admin_only'],
  ['create_dhcp-network', 'rule:admin_only'],
  ['get_dhcp-networks', 'rule:admin_only'],
  ['delete_dhcp-network', 'rule:admin_only'],
  ['get_dhcp-agents', 'rule:admin_only'],
  ['get_availability_zone', 'rule:regular_user'],
  // neutron/conf/policies/address_group.py: only reads have rules of their own; changes and the add/remove actions fall
  // back to `default` (admin or owner). Spelled out here, so that an operator's policy file can name them and the API
  // serves nothing without a rule.
  ['shared_address_groups', 'field:address_groups:shared=True'],
  ['get_address_group', 'rule:admin_or_owner or rule:shared_address_groups'],
  ['create_address_group', 'rule:admin_or_owner'],
  ['update_address_group', 'rule:admin_or_owner'],
  ['delete_address_group', 'rule:admin_or_owner'],
  ['add_addresses', 'rule:admin_or_owner'],
  ['remove_addresses', 'rule:admin_or_owner'],
];

export const ml2Policies: readonly PolicyRuleDefault[] = table.map(([name, check]) => ({ name, check }));
