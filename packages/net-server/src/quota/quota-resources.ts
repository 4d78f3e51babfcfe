import type { ConfigReader, Option } from '@net-server/lib';
import { quotaOptions } from './quota-options.js';

/** A resource neutron counts against a project's quota: its quota key (the API member name) and collection. */
export interface QuotaResource {
  readonly name: string;
  readonly collection: string;
  /** The [QUOTAS] option of its default limit; `default_quota` when it has none. */
  readonly option?: Option<number>;
}

/**
 * The resources neutron Zed registers with its quota engine (core, L3,
 * security groups, RBAC); those the API serves are counted.
 */
const NEUTRON_QUOTA_RESOURCES: readonly QuotaResource[] = [
  { name: 'network', collection: 'networks', option: quotaOptions.quotaNetwork },
  { name: 'subnet', collection: 'subnets', option: quotaOptions.quotaSubnet },
  { name: 'subnetpool', collection: 'subnetpools' },
  { name: 'port', collection: 'ports', option: quotaOptions.quotaPort },
  { name: 'router', collection: 'routers', option: quotaOptions.quotaRouter },
  { name: 'floatingip', collection: 'floatingips', option: quotaOptions.quotaFloatingip },
  { name: 'security_group', collection: 'security_groups', option: quotaOptions.quotaSecurityGroup },
  { name: 'security_group_rule', collection: 'security_group_rules', option: quotaOptions.quotaSecurityGroupRule },
  { name: 'rbac_policy', collection: 'rbac_policies', option: quotaOptions.quotaRbacPolicy },
];

/** The quota resources among the collections the API serves, in neutron's order. */
export function servedQuotaResources(served: (collection: string) => boolean): QuotaResource[] {
  return NEUTRON_QUOTA_RESOURCES.filter((resource) => served(resource.collection));
}

/** A resource's default limit from [QUOTAS]. */
export function defaultLimit(config: ConfigReader, resource: QuotaResource): number {
  return config.get('QUOTAS', resource.option ?? quotaOptions.defaultQuota);
}
