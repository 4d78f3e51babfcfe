import type { PolicyRuleDefault } from 'net-server';

/** neutron/conf/policies/segment.py: every segment operation is an admin's (the effective, deprecated rules of Zed). */
export const segmentPolicies: readonly PolicyRuleDefault[] = ['create_segment', 'get_segment', 'update_segment', 'delete_segment'].map((name) => ({
  name,
  check: 'rule:admin_only',
}));
