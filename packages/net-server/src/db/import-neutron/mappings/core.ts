import { copy, withStandardAttributes, type TableMapping } from './table-mapping.js';
import { rbacEntries, sharedThroughRbac } from './rbac.js';

/** The DB base plugin's resources: address scopes and subnet pools, networks, subnets, ports and IP allocations, quotas. */
export const coreMappings: readonly TableMapping[] = [
  sharedThroughRbac('address_scopes', 'address_scopes', 'addressscoperbacs', false),
  rbacEntries('addressscoperbacs', 'addressscoperbacs'),
  sharedThroughRbac('subnetpools', 'subnetpools', 'subnetpoolrbacs', true),
  copy('subnetpoolprefixes'),
  rbacEntries('subnetpoolrbacs', 'subnetpoolrbacs'),
  withStandardAttributes('networks'),
  rbacEntries('networkrbacs', 'networkrbacs'),
  copy('externalnetworks'),
  withStandardAttributes('subnets'),
  copy('dnsnameservers'),
  copy('subnetroutes'),
  copy('ipallocationpools'),
];

/** Ports and their IP allocations: after the security groups and agents their bindings point at. */
export const portMappings: readonly TableMapping[] = [withStandardAttributes('ports'), copy('ipallocations')];

export const quotaMappings: readonly TableMapping[] = [copy('quotas')];
