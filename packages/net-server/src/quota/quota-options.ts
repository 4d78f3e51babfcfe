import { boolOpt, intOpt, strOpt, type OptionGroupDeclaration } from '@net-server/lib';

const unlimited = 'A negative value means unlimited.';

/** neutron's [QUOTAS] options (neutron/conf/quota.py), with its defaults. */
export const quotaOptions = {
  defaultQuota: intOpt('default_quota', { default: -1, help: `Default number of each resource allowed per project. ${unlimited}` }),
  quotaNetwork: intOpt('quota_network', { default: 100, help: `Number of networks allowed per project. ${unlimited}` }),
  quotaSubnet: intOpt('quota_subnet', { default: 100, help: `Number of subnets allowed per project. ${unlimited}` }),
  quotaPort: intOpt('quota_port', { default: 500, help: `Number of ports allowed per project. ${unlimited}` }),
  quotaSecurityGroup: intOpt('quota_security_group', { default: 10, help: `Number of security groups allowed per project. ${unlimited}` }),
  quotaSecurityGroupRule: intOpt('quota_security_group_rule', { default: 100, help: `Number of security group rules allowed per project. ${unlimited}` }),
  quotaRouter: intOpt('quota_router', { default: 10, help: `Number of routers allowed per project. ${unlimited}` }),
  quotaFloatingip: intOpt('quota_floatingip', { default: 50, help: `Number of floating IPs allowed per project. ${unlimited}` }),
  quotaRbacPolicy: intOpt('quota_rbac_policy', {
    default: 10,
    deprecatedNames: [{ group: 'QUOTAS', name: 'quota_rbac_entry' }],
    help: `Number of RBAC policies allowed per project. ${unlimited}`,
  }),
  quotaDriver: strOpt('quota_driver', {
    default: 'neutron.db.quota.driver_nolock.DbQuotaNoLockDriver',
    help:
      "neutron's quota driver names: any of neutron's database drivers (driver_nolock.DbQuotaNoLockDriver, driver.DbQuotaDriver) " +
      'keeps limits in the database and enforces them; neutron.db.quota.driver_null.DbQuotaDriverNull turns quotas and their API off.',
  }),
  trackQuotaUsage: boolOpt('track_quota_usage', {
    default: true,
    help: 'Accepted for neutron.conf compatibility: usage is always counted from the resources themselves when it is needed.',
  }),
} as const;

export const quotaOptionGroups: OptionGroupDeclaration[] = [
  { group: 'QUOTAS', help: 'Per-project limits of resources (neutron quotas).', options: Object.values(quotaOptions) },
];

/** The driver that turns quotas off, as in neutron. */
export const NULL_QUOTA_DRIVER = 'neutron.db.quota.driver_null.DbQuotaDriverNull';
