import { randomUUID } from 'node:crypto';
import { BadRequest, defaultAllocationPools, formatCidr, formatIpAddress, type Cidr, type IpAddress, type IpRange } from '@net-server/lib';
import { poolsToRanges, validateAllocationPools, validateGatewayOutOfPools, type PoolBody } from '../../ipam/subnet-checks.js';
import { getNetworkRow } from '../networks.js';
import { given, givenString, owningProject } from '../../resource-kit/request-body.js';
import type { Session } from '../session.js';
import type { BasePluginSettings } from '../settings.js';
import { bumpRevision, newStandardColumns } from '../standard-attributes.js';
import { savePools } from './allocation-pool-rows.js';
import { validateSubnetCidr, validateSubnetPoolAffinity } from './network-subnet-checks.js';
import { newSubnetSpec } from './new-subnet-spec.js';
import { subnetAddressing } from './subnet-addressing.js';
import { saveDns } from './subnet-dns-rows.js';
import { saveRoutes } from './subnet-route-rows.js';
import { givenServiceTypes, saveServiceTypes } from './subnet-service-type-rows.js';
import { validateSubnet } from './subnet-validation.js';

/**
 * Creates a subnet's rows (neutron's _create_subnet_precommit with the
 * pluggable IPAM backend's allocate_subnet): CIDR from the request or a
 * subnet pool, gateway and allocation pools defaulted and checked, DNS
 * servers, host routes and service types stored.
 */
export async function insertSubnet(session: Session, body: Readonly<Record<string, unknown>>, settings: BasePluginSettings): Promise<string> {
  const networkId = givenString(body, 'network_id');
  if (networkId === undefined) throw new BadRequest({ resource: 'subnets', msg: "Failed to parse request. Required attribute 'network_id' not specified" });
  // Subnet creations on one network queue, so that their overlap checks see each other.
  const network = await getNetworkRow(session, networkId, 'update');
  const projectId = owningProject(body, session.context.projectId) || network.project_id;
  const addressing = await subnetAddressing(session, body, projectId);
  const spec = newSubnetSpec(body, addressing);
  validateSubnet(spec, settings, true, '');
  await validateSubnetCidr(session, networkId, spec.cidr, settings);
  await validateSubnetPoolAffinity(session, networkId, spec.ipVersion, addressing.subnetpoolId);
  const pools = newAllocationPools(given(body, 'allocation_pools'), spec.cidr, spec.gateway);

  const id = givenString(body, 'id') ?? randomUUID();
  await session.db
    .insertInto('subnets')
    .values({
      id,
      project_id: projectId,
      name: givenString(body, 'name') ?? '',
      network_id: networkId,
      subnetpool_id: addressing.subnetpoolId,
      ip_version: spec.ipVersion,
      cidr: formatCidr(spec.cidr),
      gateway_ip: spec.gateway ? formatIpAddress(spec.gateway) : null,
      enable_dhcp: spec.enableDhcp ? 1 : 0,
      ipv6_ra_mode: spec.raMode,
      ipv6_address_mode: spec.addressMode,
      ...newStandardColumns(givenString(body, 'description') ?? ''),
    })
    .execute();
  await savePools(session, id, pools);
  await bumpRevision(session.db, 'networks', networkId);
  await saveDns(session, id, spec.dnsNameservers ?? []);
  await saveRoutes(session, id, spec.hostRoutes ?? []);
  await saveServiceTypes(session, id, givenServiceTypes(body) ?? []);
  return id;
}

/** The pools given, checked against the CIDR and the gateway; else the CIDR's usable addresses but the gateway. */
function newAllocationPools(poolsBody: unknown, cidr: Cidr, gateway: IpAddress | undefined): IpRange[] {
  if (!Array.isArray(poolsBody)) return defaultAllocationPools(cidr, gateway);
  const pools = poolsToRanges(poolsBody as PoolBody[]);
  validateAllocationPools(pools, cidr, formatCidr(cidr));
  if (gateway) validateGatewayOutOfPools(gateway, pools);
  return pools;
}
