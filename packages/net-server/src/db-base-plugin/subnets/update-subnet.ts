import { GatewayIpInUse, constants, formatIpAddress, parseCidr, parseIpAddress, type IpAddress, type IpRange } from '@net-server/lib';
import { poolsToRanges, validateAllocationPools, validateGatewayOutOfPools, type PoolBody } from '../../ipam/subnet-checks.js';
import { given, givenBoolean, givenStrings } from '../../resource-kit/request-body.js';
import type { Session } from '../session.js';
import type { BasePluginSettings } from '../settings.js';
import { bumpRevision, revisionBump } from '../standard-attributes.js';
import { replacePools } from './allocation-pool-rows.js';
import { loadIpamSubnets } from './ipam-subnets.js';
import { replaceDns } from './subnet-dns-rows.js';
import { replaceRoutes } from './subnet-route-rows.js';
import { givenServiceTypes, replaceServiceTypes } from './subnet-service-type-rows.js';
import type { SubnetRow } from './subnet-rows.js';
import { readIp, routesOf, stringsOf, type SubnetSpec } from './subnet-spec.js';
import { validateSubnet } from './subnet-validation.js';

/** An update body read against the row: what validation checks, and the columns it may change. */
interface SubnetChange {
  spec: SubnetSpec;
  /** The body gives gateway_ip (null included). */
  gatewayGiven: boolean;
  /** The gateway after the update. */
  gateway: IpAddress | undefined;
  enableDhcp: boolean | undefined;
}

/**
 * Applies an update (neutron's update_subnet + update_db_subnet): name,
 * description, enable_dhcp, gateway_ip, allocation_pools, dns_nameservers,
 * host_routes, service_types; the gateway and pools are checked against
 * each other as on create, and a gateway held by a router port cannot move.
 */
export async function updateSubnetRow(session: Session, row: SubnetRow, body: Readonly<Record<string, unknown>>, settings: BasePluginSettings): Promise<void> {
  const change = subnetChange(row, body);
  const { spec, gateway, gatewayGiven, enableDhcp } = change;
  validateSubnet(spec, settings, false, row.id);
  if (gatewayGiven && row.gateway_ip !== null && (gateway === undefined || formatIpAddress(gateway) !== row.gateway_ip)) {
    await ensureGatewayNotOnRouter(session, row.id, row.gateway_ip);
  }
  const pools = await updatedPools(session, row, given(body, 'allocation_pools'), change);
  if (pools !== undefined) await replacePools(session, row.id, pools);
  if (spec.dnsNameservers !== undefined) await replaceDns(session, row.id, spec.dnsNameservers);
  if (spec.hostRoutes !== undefined) await replaceRoutes(session, row.id, spec.hostRoutes);
  const serviceTypes = givenServiceTypes(body);
  if (serviceTypes !== undefined) await replaceServiceTypes(session, row.id, serviceTypes);
  await session.db
    .updateTable('subnets')
    .set({
      ...givenStrings(body, ['name', 'description']),
      ...(enableDhcp !== undefined ? { enable_dhcp: enableDhcp ? 1 : 0 } : {}),
      ...(gatewayGiven ? { gateway_ip: gateway ? formatIpAddress(gateway) : null } : {}),
      ...revisionBump(row),
    })
    .where('id', '=', row.id)
    .execute();
  await bumpRevision(session.db, 'networks', row.network_id);
}

function subnetChange(row: SubnetRow, body: Readonly<Record<string, unknown>>): SubnetChange {
  const gatewayBody = given(body, 'gateway_ip');
  const gatewayGiven = gatewayBody !== undefined;
  let gateway: IpAddress | undefined = row.gateway_ip === null ? undefined : parseIpAddress(row.gateway_ip);
  if (gatewayGiven) gateway = gatewayBody === null ? undefined : readIp(String(gatewayBody), 'gateway_ip');
  const enableDhcp = givenBoolean(body, 'enable_dhcp');
  const wasEnabled = Boolean(row.enable_dhcp);
  const spec: SubnetSpec = {
    ipVersion: Number(row.ip_version) as 4 | 6,
    cidr: parseCidr(row.cidr)!,
    // Only a gateway the update gives is checked again.
    gateway: gatewayGiven ? gateway : undefined,
    enableDhcp: enableDhcp ?? wasEnabled,
    dhcpNewlyEnabled: enableDhcp === true && !wasEnabled,
    dhcpDisabled: enableDhcp === false,
    raMode: row.ipv6_ra_mode,
    addressMode: row.ipv6_address_mode,
    dnsNameservers: stringsOf(given(body, 'dns_nameservers')),
    hostRoutes: routesOf(given(body, 'host_routes')),
  };
  return { spec, gatewayGiven, gateway, enableDhcp };
}

/** A gateway a router interface holds cannot move (GatewayIpInUse). */
async function ensureGatewayNotOnRouter(session: Session, subnetId: string, gatewayIp: string): Promise<void> {
  const routerPort = await session.db
    .selectFrom('ipallocations')
    .innerJoin('ports', 'ports.id', 'ipallocations.port_id')
    .select('ports.id')
    .where('ipallocations.subnet_id', '=', subnetId)
    .where('ipallocations.ip_address', '=', gatewayIp)
    .where('ports.device_owner', 'in', [...constants.ROUTER_INTERFACE_OWNERS])
    .executeTakeFirst();
  if (routerPort) throw new GatewayIpInUse({ ip_address: gatewayIp, port_id: routerPort.id });
}

/** The pools the body gives, checked; undefined when it leaves them alone. The gateway stays out of the pools either way. */
async function updatedPools(session: Session, row: SubnetRow, poolsBody: unknown, change: SubnetChange): Promise<IpRange[] | undefined> {
  let pools: IpRange[] | undefined;
  if (Array.isArray(poolsBody)) {
    pools = poolsToRanges(poolsBody as PoolBody[]);
    validateAllocationPools(pools, change.spec.cidr, row.cidr);
  }
  if (change.gatewayGiven || pools !== undefined) {
    const effectivePools = pools ?? (await loadIpamSubnets(session, [row]))[0]!.pools;
    if (change.gateway) validateGatewayOutOfPools(change.gateway, effectivePools);
  }
  return pools;
}
