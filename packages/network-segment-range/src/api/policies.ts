import type { PolicyRuleDefault } from 'net-server';

/*
 * neutron/conf/policies/network_segment_range.py as Zed enforces it (with
 * enforce_new_defaults off the deprecated rule:admin_only counts): every
 * operation is an admin's.
 */
export const networkSegmentRangePolicies: readonly PolicyRuleDefault[] = [
  'create_network_segment_range',
  'get_network_segment_range',
  'update_network_segment_range',
  'delete_network_segment_range',
].map((name) => ({ name, check: 'rule:admin_only' }));
