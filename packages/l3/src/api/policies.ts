import type { PolicyRuleDefault } from 'net-server';

/*
 * neutron/conf/policies/router.py and floatingip.py, and the L3 agent
 * scheduler's rules of agent.py, as Zed enforces them (enforce_new_defaults
 * off: the deprecated, wider check strings). Members create and manage
 * their own routers and floating IPs; choosing a gateway's addresses, its
 * SNAT mode or a floating IP's address is an admin's.
 */
const table: ReadonlyArray<readonly [string, string]> = [
  ['create_router', 'rule:regular_user'],
  ['create_router:external_gateway_info', 'rule:admin_or_owner'],
  ['create_router:external_gateway_info:network_id', 'rule:admin_or_owner'],
  ['create_router:external_gateway_info:enable_snat', 'rule:admin_only'],
  ['create_router:external_gateway_info:external_fixed_ips', 'rule:admin_only'],
  ['get_router', 'rule:admin_or_owner'],
  ['update_router', 'rule:admin_or_owner'],
  ['update_router:external_gateway_info', 'rule:admin_or_owner'],
  ['update_router:external_gateway_info:network_id', 'rule:admin_or_owner'],
  ['update_router:external_gateway_info:enable_snat', 'rule:admin_only'],
  ['update_router:external_gateway_info:external_fixed_ips', 'rule:admin_only'],
  ['delete_router', 'rule:admin_or_owner'],
  // dvr and l3-ha: a router's mode is an admin's to choose and to see.
  ['create_router:distributed', 'rule:admin_only'],
  ['get_router:distributed', 'rule:admin_only'],
  ['update_router:distributed', 'rule:admin_only'],
  ['create_router:ha', 'rule:admin_only'],
  ['get_router:ha', 'rule:admin_only'],
  ['update_router:ha', 'rule:admin_only'],
  ['add_router_interface', 'rule:admin_or_owner'],
  ['remove_router_interface', 'rule:admin_or_owner'],
  ['add_extraroutes', 'rule:admin_or_owner'],
  ['remove_extraroutes', 'rule:admin_or_owner'],
  ['create_floatingip', 'rule:regular_user'],
  ['create_floatingip:floating_ip_address', 'rule:admin_only'],
  ['get_floatingip', 'rule:admin_or_owner'],
  ['update_floatingip', 'rule:admin_or_owner'],
  ['delete_floatingip', 'rule:admin_or_owner'],
  // neutron/conf/policies/floatingip_pools.py: anyone (the deprecated rule), a project reader (the new one).
  ['get_floatingip_pool', 'rule:regular_user'],
  ['create_l3-router', 'rule:admin_only'],
  ['get_l3-routers', 'rule:admin_only'],
  ['delete_l3-router', 'rule:admin_only'],
  ['get_l3-agents', 'rule:admin_only'],
];

export const l3Policies: readonly PolicyRuleDefault[] = table.map(([name, check]) => ({ name, check }));
