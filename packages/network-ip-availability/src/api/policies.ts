import type { PolicyRuleDefault } from 'net-server';

/** neutron/conf/policies/network_ip_availability.py: admins only (Zed's effective, deprecated rule). */
export const networkIpAvailabilityPolicies: readonly PolicyRuleDefault[] = [{ name: 'get_network_ip_availability', check: 'rule:admin_only' }];
