import { coreMappings, portMappings, quotaMappings } from './core.js';
import { flavorMappings } from './flavors.js';
import { l3Mappings } from './l3.js';
import { meteringMappings } from './metering.js';
import { ml2NetworkMappings, ml2PortMappings } from './ml2.js';
import { qosMappings } from './qos.js';
import { securityGroupMappings, securityGroupPortMappings } from './security-groups.js';
import { segmentMappings, segmentPortMappings } from './segments.js';
import { tagMappings } from './tags.js';
import type { TableMapping } from './table-mapping.js';

export type { ImportContext, TableMapping } from './table-mapping.js';

/** Every mapping, in an order that writes each row after the rows its foreign keys point at. */
export const TABLE_MAPPINGS: readonly TableMapping[] = [
  ...coreMappings,
  ...ml2NetworkMappings,
  ...segmentMappings,
  ...securityGroupMappings,
  ...portMappings,
  ...segmentPortMappings,
  ...ml2PortMappings,
  ...securityGroupPortMappings,
  // Before routers, whose flavor_id names a flavor.
  ...flavorMappings,
  ...l3Mappings,
  ...qosMappings,
  ...meteringMappings,
  ...tagMappings,
  ...quotaMappings,
];

/** neutron's tables whose rows own a standard attribute, with the net-server table that keeps the resource: where tags and provisioning blocks resolve. */
export const STANDARD_ATTRIBUTE_OWNERS: readonly { source: string; target: string }[] = [
  { source: 'networks', target: 'networks' },
  { source: 'subnets', target: 'subnets' },
  { source: 'ports', target: 'ports' },
  { source: 'subnetpools', target: 'subnetpools' },
  { source: 'networksegments', target: 'segment_attributes' },
  { source: 'network_segment_ranges', target: 'network_segment_ranges' },
  { source: 'securitygroups', target: 'ml2_security_groups' },
  { source: 'securitygrouprules', target: 'ml2_security_group_rules' },
  { source: 'routers', target: 'routers' },
  { source: 'floatingips', target: 'floatingips' },
  { source: 'qos_policies', target: 'qos_policies' },
];

/**
 * neutron tables nothing needs to be read from: derived or transient state
 * net-server rebuilds (its IPAM works on ipallocations and the pools; quota
 * usage and reservations are counted again; allocation tables' free ids),
 * alembic's bookkeeping, standardattributes (folded into each
 * resource's row), and which service provider drives each router
 * (net-server has one).
 */
export const NOT_NEEDED: ReadonlySet<string> = new Set([
  'alembic_version',
  'standardattributes',
  'ipamsubnets',
  'ipamallocationpools',
  'ipamallocations',
  'quotausages',
  'reservations',
  'resourcedeltas',
  'network_subnet_lock',
  'providerresourceassociations',
  'ha_router_vrid_allocations',
]);
