import type { PolicyRuleDefault } from 'net-server';

/*
 * neutron/conf/policies/metering.py as Zed enforces it: with
 * [oslo_policy] enforce_new_defaults off, a rule passes when its new check
 * string or its deprecated one (admin only) does. Creating and deleting is
 * an admin's; reading is an admin's or a reader's of the owning project.
 * So a member (whose token carries the reader role Keystone implies) sees
 * their project's labels but not another project's shared ones, and no
 * rule at all: a rule has no project_id for `project_id:%(project_id)s` to
 * match. The metering agents see every label and rule through RPC.
 */
const ADMIN = 'rule:admin_only';
const ADMIN_OR_PROJECT_READER = `(${ADMIN}) or (role:reader and project_id:%(project_id)s)`;

export const meteringPolicies: readonly PolicyRuleDefault[] = [
  { name: 'create_metering_label', check: ADMIN },
  { name: 'get_metering_label', check: ADMIN_OR_PROJECT_READER },
  { name: 'delete_metering_label', check: ADMIN },
  { name: 'create_metering_label_rule', check: ADMIN },
  { name: 'get_metering_label_rule', check: ADMIN_OR_PROJECT_READER },
  { name: 'delete_metering_label_rule', check: ADMIN },
];
