import { randomUUID } from 'node:crypto';
import type { Expression } from 'kysely';
import {
  BadRequest,
  DNSNameServersExhausted,
  GatewayIpInUse,
  HostRoutesExhausted,
  InvalidInput,
  NetworkSubnetPoolAffinityError,
  SubnetInUse,
  cidrNetwork,
  cidrsOverlap,
  constants,
  defaultAllocationPools,
  firstAddress,
  formatCidr,
  formatIpAddress,
  hasHostBits,
  parseCidr,
  parseIpAddress,
  type Cidr,
  type IpAddress,
  type IpRange,
  type Subnet,
} from '@net-server/lib';
import { isAutoAddressSubnet } from '../ipam/ipv6-modes.js';
import {
  gatewayInvalidInSubnet,
  poolsToRanges,
  validateAllocationPools,
  validateGatewayOutOfPools,
  type PoolBody,
} from '../ipam/subnet-checks.js';
import { AUTO_DELETE_PORT_OWNERS, getNetworkRow } from './networks.js';
import { given, givenBoolean, givenInteger, givenString, givenStrings, owningProject } from './request-body.js';
import type { NetworksTable, SubnetsTable } from './schema.js';
import type { RowFilter } from './resource-ops.js';
import { GLOBAL_LOCKS, lockGlobally, lockRow, type Session } from './session.js';
import type { BasePluginSettings } from './settings.js';
import { bumpRevision, groupBy, identity, inChunks, newStandardColumns, revisionBump, standardAttributes } from './standard-attributes.js';
import { allocateFromPool, defaultSubnetPoolId, getSubnetPoolRow } from './subnetpools.js';
import { resourceTags } from './tags.js';

export type SubnetRow = SubnetsTable;

/** Subnets the caller may see: admins and advanced services all, others their own, those on shared networks and those `alsoVisible` adds (ResourceHooks). */
export async function loadSubnetRows(session: Session, filter?: RowFilter, alsoVisible: readonly Expression<string>[] = []): Promise<SubnetRow[]> {
  let query = session.db.selectFrom('subnets').selectAll();
  const { context } = session;
  if (!context.seesAllProjects) {
    query = query.where((eb) =>
      eb.or([
        eb('project_id', '=', context.projectId ?? ''),
        eb('network_id', 'in', eb.selectFrom('networks').select('id').where('shared', '=', 1)),
        ...alsoVisible.map((extra) => eb('id', 'in', extra)),
      ]),
    );
  }
  const ordered = query.orderBy('created_at').orderBy('id');
  if (filter === undefined) return (await ordered.execute()) as SubnetRow[];
  const column = filter.column === 'network_id' ? 'network_id' : 'id';
  return inChunks(filter.values, async (part) => (await ordered.where(column, 'in', part).execute()) as SubnetRow[]);
}

/** A subnet's parsed facts for IPAM. */
export interface IpamSubnet {
  id: string;
  networkId: string;
  cidr: Cidr;
  cidrText: string;
  gateway: IpAddress | undefined;
  pools: IpRange[];
  ipVersion: 4 | 6;
  autoAddress: boolean;
}

export async function loadIpamSubnets(session: Session, rows: readonly SubnetRow[]): Promise<IpamSubnet[]> {
  const pools = await loadPools(session, rows.map((row) => row.id));
  return rows.map((row) => ({
    id: row.id,
    networkId: row.network_id,
    cidr: parseCidr(row.cidr)!,
    cidrText: row.cidr,
    gateway: row.gateway_ip === null ? undefined : parseIpAddress(row.gateway_ip),
    pools: poolsToRanges(pools.get(row.id) ?? []),
    ipVersion: Number(row.ip_version) as 4 | 6,
    autoAddress: isAutoAddressSubnet(subnetModes(row)),
  }));
}

function subnetModes(row: SubnetRow): { ip_version: number; ipv6_ra_mode: string | null; ipv6_address_mode: string | null } {
  return { ip_version: Number(row.ip_version), ipv6_ra_mode: row.ipv6_ra_mode, ipv6_address_mode: row.ipv6_address_mode };
}

async function loadPools(session: Session, ids: readonly string[]): Promise<Map<string, PoolBody[]>> {
  const rows = await inChunks(ids, (part) =>
    session.db.selectFrom('ipallocationpools').select(['subnet_id', 'first_ip', 'last_ip']).where('subnet_id', 'in', part).execute(),
  );
  const bySubnet = groupBy(rows, (row) => row.subnet_id, (row): PoolBody => ({ start: row.first_ip, end: row.last_ip }));
  for (const pools of bySubnet.values()) pools.sort((a, b) => compareIpText(a.start, b.start));
  return bySubnet;
}

function compareIpText(a: string, b: string): number {
  const x = parseIpAddress(a)!;
  const y = parseIpAddress(b)!;
  return x.value < y.value ? -1 : x.value > y.value ? 1 : 0;
}

export async function makeSubnetDicts(session: Session, rows: readonly SubnetRow[]): Promise<Subnet[]> {
  const ids = rows.map((row) => row.id);
  const pools = await loadPools(session, ids);
  const dnsRows = await inChunks(ids, (part) => session.db.selectFrom('dnsnameservers').selectAll().where('subnet_id', 'in', part).execute());
  const dns = groupBy(dnsRows, (row) => row.subnet_id, (row) => ({ address: row.address, order: Number(row.order) }));
  const routeRows = await inChunks(ids, (part) => session.db.selectFrom('subnetroutes').selectAll().where('subnet_id', 'in', part).execute());
  const routes = groupBy(routeRows, (row) => row.subnet_id, (row) => ({ destination: row.destination, nexthop: row.nexthop }));
  const networkIds = [...new Set(rows.map((row) => row.network_id))];
  const shared = await inChunks(networkIds, (part) =>
    session.db.selectFrom('networks').select('id').where('id', 'in', part).where('shared', '=', 1).execute(),
  );
  const sharedNetworks = new Set(shared.map((row) => row.id));
  const tags = await resourceTags.load(session.db, ids);
  return rows.map((row) => ({
    ...identity(row),
    network_id: row.network_id,
    ip_version: Number(row.ip_version) as 4 | 6,
    subnetpool_id: row.subnetpool_id,
    enable_dhcp: Boolean(row.enable_dhcp),
    ipv6_ra_mode: row.ipv6_ra_mode,
    ipv6_address_mode: row.ipv6_address_mode,
    gateway_ip: row.gateway_ip,
    cidr: row.cidr,
    allocation_pools: pools.get(row.id) ?? [],
    host_routes: (routes.get(row.id) ?? []).sort((a, b) => (a.destination < b.destination ? -1 : a.destination > b.destination ? 1 : 0)),
    dns_nameservers: (dns.get(row.id) ?? []).sort((a, b) => a.order - b.order).map((entry) => entry.address),
    shared: sharedNetworks.has(row.network_id),
    ...standardAttributes(row, tags.get(row.id) ?? []),
  }));
}

function invalid(message: string): Error {
  return new InvalidInput({ error_message: message });
}

function checkVersion(version: number, text: string, attribute: string): void {
  const ip = parseIpAddress(text) ?? parseCidr(text);
  if (ip && ip.version !== version) {
    throw invalid(`${attribute} '${text}' does not match the ip_version '${version}'`);
  }
}

interface HostRoute {
  destination: string;
  nexthop: string;
}

/**
 * neutron's _validate_subnet, for the attributes present in `s` (create:
 * all of them, update: the changed ones merged with `current`).
 */
function validateSubnet(s: SubnetSpec, settings: BasePluginSettings, creating: boolean, subnetId: string): void {
  const version = s.ipVersion;
  checkVersion(version, formatCidr(s.cidr), 'cidr');
  if (s.enableDhcp && s.dhcpNewlyEnabled) {
    if ((version === 4 && s.cidr.prefixLength > 30) || (version === 6 && s.cidr.prefixLength > 126)) {
      throw invalid('Subnet has a prefix length that is incompatible with DHCP service enabled');
    }
    const first = firstAddress(s.cidr).value;
    const multicast = version === 4 ? first >> 28n === 0xen : first >> 120n === 0xffn;
    if (multicast) throw invalid('Multicast IP subnet is not supported if enable_dhcp is True');
    const loopback = version === 4 ? first >> 24n === 127n : first === 1n && s.cidr.prefixLength === 128;
    if (loopback) throw invalid('Loopback IP subnet is not supported if enable_dhcp is True');
    if (version === 4 && first === 0n) throw invalid("First IP '0.0.0.0' of network is not supported if enable_dhcp is True.");
  }
  if (s.gateway) {
    checkVersion(version, formatIpAddress(s.gateway), 'gateway_ip');
    if (gatewayInvalidInSubnet(s.cidr, s.gateway)) throw invalid('Gateway is not valid on subnet');
  }
  if (s.dnsNameservers !== undefined) {
    if (s.dnsNameservers.length > settings.maxDnsNameservers) {
      throw new DNSNameServersExhausted({ subnet_id: creating ? 'new subnet' : subnetId, quota: settings.maxDnsNameservers });
    }
    for (const address of s.dnsNameservers) {
      if (!parseIpAddress(address)) throw invalid(`Error parsing dns address ${address}`);
      checkVersion(version, address, 'dns_nameserver');
    }
  }
  if (s.hostRoutes !== undefined) {
    if (s.hostRoutes.length > settings.maxSubnetHostRoutes) {
      throw new HostRoutesExhausted({ subnet_id: creating ? 'new subnet' : subnetId, quota: settings.maxSubnetHostRoutes });
    }
    for (const route of s.hostRoutes) {
      const destination = parseCidr(route.destination);
      const nexthop = parseIpAddress(route.nexthop);
      if (!destination || !nexthop) throw invalid(`Invalid route: ${JSON.stringify(route)}`);
      checkVersion(version, route.nexthop, 'nexthop');
      checkVersion(version, route.destination, 'destination');
    }
  }
  if (version === 4) {
    if (s.raMode !== null) throw invalid('ipv6_ra_mode is not valid when ip_version is 4');
    if (s.addressMode !== null) throw invalid('ipv6_address_mode is not valid when ip_version is 4');
  } else if (creating) {
    validateIpv6Modes(s);
  } else if (s.dhcpDisabled && (s.raMode !== null || s.addressMode !== null)) {
    throw invalid('Cannot disable enable_dhcp with ipv6 attributes set');
  }
}

/** neutron's _validate_ipv6_attributes for a new subnet. */
function validateIpv6Modes(s: SubnetSpec): void {
  if ((s.raMode !== null || s.addressMode !== null) && !s.enableDhcp) {
    throw invalid('ipv6_ra_mode or ipv6_address_mode cannot be set when enable_dhcp is set to False');
  }
  if (s.raMode !== null && s.addressMode !== null && s.raMode !== s.addressMode) {
    throw invalid(
      `ipv6_ra_mode set to '${s.raMode}' with ipv6_address_mode set to '${s.addressMode}' is not valid. ` +
        'If both attributes are set, they must be the same value',
    );
  }
  const auto = isAutoAddressSubnet({ ip_version: 6, ipv6_ra_mode: s.raMode, ipv6_address_mode: s.addressMode });
  if (auto && s.cidr.prefixLength !== 64) {
    throw invalid(
      `Invalid CIDR ${formatCidr(s.cidr)} for IPv6 address mode. OpenStack uses the EUI-64 address format, which requires the prefix to be /64`,
    );
  }
}

interface SubnetSpec {
  ipVersion: 4 | 6;
  cidr: Cidr;
  gateway: IpAddress | undefined;
  enableDhcp: boolean;
  /** DHCP was off (or the subnet is new) and is being turned on. */
  dhcpNewlyEnabled: boolean;
  dhcpDisabled: boolean;
  raMode: string | null;
  addressMode: string | null;
  dnsNameservers: string[] | undefined;
  hostRoutes: HostRoute[] | undefined;
}

function readIp(text: string, attribute: string): IpAddress {
  const ip = parseIpAddress(text);
  if (!ip) throw invalid(`'${text}' is not a valid IP address for ${attribute}`);
  return ip;
}

function routesOf(value: unknown): HostRoute[] | undefined {
  if (value === undefined || value === null) return value === null ? [] : undefined;
  if (!Array.isArray(value)) throw invalid(`Invalid data format for hostroute: '${String(value)}'`);
  return value.map((route: unknown) => {
    const r = (route ?? {}) as Record<string, unknown>;
    return { destination: String(r['destination']), nexthop: String(r['nexthop']) };
  });
}

function stringsOf(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (value === null) return [];
  if (!Array.isArray(value)) throw invalid(`Invalid data format for nameserver: '${String(value)}'`);
  return value.map(String);
}

/**
 * neutron's _validate_subnet_cidr: no /0, no overlap with the network's
 * other subnets, nor with any subnet at all when allow_overlapping_ips is
 * false.
 */
async function validateSubnetCidr(session: Session, networkId: string, cidr: Cidr, settings: BasePluginSettings): Promise<void> {
  if (cidr.prefixLength === 0) throw invalid('0 is not allowed as CIDR prefix length');
  // Two networks' subnets created at once must see each other (the network lock covers one network only).
  if (!settings.allowOverlappingIps) await lockGlobally(session, GLOBAL_LOCKS.subnetCidrs);
  let query = session.db.selectFrom('subnets').select(['id', 'cidr', 'network_id']);
  if (settings.allowOverlappingIps) query = query.where('network_id', '=', networkId);
  for (const other of await query.execute()) {
    const otherCidr = parseCidr(other.cidr);
    if (otherCidr && cidrsOverlap(otherCidr, cidr)) {
      // As neutron: no details of the other subnet, which may be another project's.
      throw invalid(`Requested subnet with cidr: ${formatCidr(cidr)} for network: ${networkId} overlaps with another subnet`);
    }
  }
}

/** neutron's _validate_network_subnetpools, without address scopes. */
async function validateSubnetPoolAffinity(session: Session, networkId: string, version: number, subnetpoolId: string | null): Promise<void> {
  const others = await session.db.selectFrom('subnets').select(['subnetpool_id', 'ip_version']).where('network_id', '=', networkId).execute();
  for (const other of others) {
    if (Number(other.ip_version) !== version) continue;
    if (subnetpoolId !== null ? other.subnetpool_id !== subnetpoolId : other.subnetpool_id !== null) {
      throw new NetworkSubnetPoolAffinityError({});
    }
  }
}

/**
 * Creates a subnet's rows (neutron's _create_subnet_precommit with the
 * pluggable IPAM backend's allocate_subnet): CIDR from the request or a
 * subnet pool, gateway and allocation pools defaulted and checked, DNS
 * servers and host routes stored.
 */
export async function insertSubnet(session: Session, body: Readonly<Record<string, unknown>>, settings: BasePluginSettings): Promise<string> {
  const networkId = givenString(body, 'network_id');
  if (networkId === undefined) throw new BadRequest({ resource: 'subnets', msg: "Failed to parse request. Required attribute 'network_id' not specified" });
  const network: NetworksTable = await getNetworkRow(session, networkId);
  // Subnet creations on one network queue, so that their overlap checks see each other.
  await lockRow(session, 'networks', networkId, 'update');

  const cidrText = givenString(body, 'cidr');
  const prefixlen = givenInteger(body, 'prefixlen') ?? undefined;
  if (cidrText !== undefined && prefixlen !== undefined) {
    throw new BadRequest({ resource: 'subnets', msg: 'cidr and prefixlen must not be supplied together' });
  }
  let requested: Cidr | undefined;
  if (cidrText !== undefined) {
    const parsed = parseCidr(cidrText);
    if (!parsed) throw invalid(`'${cidrText}' is not a valid IP subnet`);
    requested = hasHostBits(parsed) ? cidrNetwork(parsed) : parsed;
  }
  let ipVersion = givenInteger(body, 'ip_version') ?? requested?.version ?? undefined;

  let subnetpoolId: string | null = null;
  const poolGiven = given(body, 'subnetpool_id');
  if (typeof poolGiven === 'string' && poolGiven !== '') subnetpoolId = poolGiven;
  else if (poolGiven === undefined && requested === undefined && givenBoolean(body, 'use_default_subnetpool')) {
    if (ipVersion === undefined) throw new BadRequest({ resource: 'subnets', msg: "Failed to parse request. Required attribute 'ip_version' not specified" });
    subnetpoolId = await defaultSubnetPoolId(session, ipVersion);
  }
  const poolsBody = given(body, 'allocation_pools');
  let cidr: Cidr;
  if (subnetpoolId !== null) {
    if (requested === undefined && Array.isArray(poolsBody)) {
      throw new BadRequest({ resource: 'subnets', msg: 'allocation_pools allowed only for specific subnet requests.' });
    }
    const pool = await getSubnetPoolRow(session, subnetpoolId);
    if (ipVersion !== undefined && ipVersion !== Number(pool.ip_version)) {
      throw new BadRequest({ resource: 'subnets', msg: `Cannot allocate IPv${ipVersion} subnet from IPv${Number(pool.ip_version)} subnet pool` });
    }
    ipVersion = Number(pool.ip_version);
    cidr = await allocateFromPool(session, pool, owningProject(body, session.context.projectId) || network.project_id, requested, prefixlen);
  } else {
    if (requested === undefined) throw new BadRequest({ resource: 'subnets', msg: 'A cidr must be specified in the absence of a subnet pool' });
    cidr = requested;
  }
  if (ipVersion !== 4 && ipVersion !== 6) throw new BadRequest({ resource: 'subnets', msg: "Failed to parse request. Required attribute 'ip_version' not specified" });

  const gatewayGiven = given(body, 'gateway_ip');
  let gateway: IpAddress | undefined;
  if (gatewayGiven === undefined) {
    // neutron's _gateway_ip_str for a requested CIDR: the first address for IPv4, the subnet-router
    // anycast address for IPv6; its SubnetAllocator for a prefix taken from a pool: the first address.
    const network0 = firstAddress(cidr);
    const anycast = ipVersion === 6 && requested !== undefined;
    gateway = anycast ? network0 : { version: network0.version, value: network0.value + 1n };
  } else if (gatewayGiven !== null) {
    gateway = readIp(String(gatewayGiven), 'gateway_ip');
  }
  const enableDhcp = givenBoolean(body, 'enable_dhcp') ?? true;
  const spec: SubnetSpec = {
    ipVersion,
    cidr,
    gateway,
    enableDhcp,
    dhcpNewlyEnabled: enableDhcp,
    dhcpDisabled: !enableDhcp,
    raMode: givenString(body, 'ipv6_ra_mode') ?? null,
    addressMode: givenString(body, 'ipv6_address_mode') ?? null,
    dnsNameservers: stringsOf(given(body, 'dns_nameservers')),
    hostRoutes: routesOf(given(body, 'host_routes')),
  };
  validateSubnet(spec, settings, true, '');
  await validateSubnetCidr(session, networkId, cidr, settings);
  await validateSubnetPoolAffinity(session, networkId, ipVersion, subnetpoolId);

  let pools: IpRange[];
  const cidrCanonical = formatCidr(cidr);
  if (Array.isArray(poolsBody)) {
    pools = poolsToRanges(poolsBody as PoolBody[]);
    validateAllocationPools(pools, cidr, cidrCanonical);
    if (gateway) validateGatewayOutOfPools(gateway, pools);
  } else {
    pools = defaultAllocationPools(cidr, gateway);
  }

  const id = givenString(body, 'id') ?? randomUUID();
  await session.db
    .insertInto('subnets')
    .values({
      id,
      project_id: owningProject(body, session.context.projectId) || network.project_id,
      name: givenString(body, 'name') ?? '',
      network_id: networkId,
      subnetpool_id: subnetpoolId,
      ip_version: ipVersion,
      cidr: cidrCanonical,
      gateway_ip: gateway ? formatIpAddress(gateway) : null,
      enable_dhcp: enableDhcp ? 1 : 0,
      ipv6_ra_mode: spec.raMode,
      ipv6_address_mode: spec.addressMode,
      ...newStandardColumns(givenString(body, 'description') ?? ''),
    })
    .execute();
  await savePools(session, id, pools);
  await bumpRevision(session.db, 'networks', networkId);
  await saveDns(session, id, spec.dnsNameservers ?? []);
  await saveRoutes(session, id, spec.hostRoutes ?? []);
  return id;
}

async function savePools(session: Session, subnetId: string, pools: readonly IpRange[]): Promise<void> {
  if (pools.length === 0) return;
  await session.db
    .insertInto('ipallocationpools')
    .values(
      pools.map((pool) => ({
        id: randomUUID(),
        subnet_id: subnetId,
        first_ip: formatIpAddress({ version: pool.version, value: pool.first }),
        last_ip: formatIpAddress({ version: pool.version, value: pool.last }),
      })),
    )
    .execute();
}

async function saveDns(session: Session, subnetId: string, servers: readonly string[]): Promise<void> {
  const unique = [...new Set(servers)];
  if (unique.length !== servers.length) throw invalid(`Duplicate nameserver '${servers.find((s, i) => servers.indexOf(s) !== i)}'`);
  if (unique.length === 0) return;
  await session.db
    .insertInto('dnsnameservers')
    .values(unique.map((address, order) => ({ address, subnet_id: subnetId, order })))
    .execute();
}

async function saveRoutes(session: Session, subnetId: string, routes: readonly HostRoute[]): Promise<void> {
  if (routes.length === 0) return;
  const seen = new Set<string>();
  for (const route of routes) {
    const key = `${route.destination} ${route.nexthop}`;
    if (seen.has(key)) throw invalid(`Duplicate hostroute '${route.destination}'`);
    seen.add(key);
  }
  await session.db
    .insertInto('subnetroutes')
    .values(routes.map((route) => ({ ...route, subnet_id: subnetId })))
    .execute();
}

/**
 * Applies an update (neutron's update_subnet + update_db_subnet): name,
 * description, enable_dhcp, gateway_ip, allocation_pools, dns_nameservers,
 * host_routes; the gateway and pools are checked against each other as on
 * create, and a gateway held by a router port cannot move.
 */
export async function updateSubnetRow(session: Session, row: SubnetRow, body: Readonly<Record<string, unknown>>, settings: BasePluginSettings): Promise<void> {
  const cidr = parseCidr(row.cidr)!;
  const gatewayGiven = given(body, 'gateway_ip');
  let gateway: IpAddress | undefined = row.gateway_ip === null ? undefined : parseIpAddress(row.gateway_ip);
  if (gatewayGiven !== undefined) gateway = gatewayGiven === null ? undefined : readIp(String(gatewayGiven), 'gateway_ip');
  const enableDhcp = givenBoolean(body, 'enable_dhcp');
  const wasEnabled = Boolean(row.enable_dhcp);
  const spec: SubnetSpec = {
    ipVersion: Number(row.ip_version) as 4 | 6,
    cidr,
    gateway: gatewayGiven !== undefined ? gateway : undefined,
    enableDhcp: enableDhcp ?? wasEnabled,
    dhcpNewlyEnabled: enableDhcp === true && !wasEnabled,
    dhcpDisabled: enableDhcp === false,
    raMode: row.ipv6_ra_mode,
    addressMode: row.ipv6_address_mode,
    dnsNameservers: stringsOf(given(body, 'dns_nameservers')),
    hostRoutes: routesOf(given(body, 'host_routes')),
  };
  validateSubnet(spec, settings, false, row.id);

  if (gatewayGiven !== undefined && row.gateway_ip !== null && (gateway === undefined || formatIpAddress(gateway) !== row.gateway_ip)) {
    const routerPort = await session.db
      .selectFrom('ipallocations')
      .innerJoin('ports', 'ports.id', 'ipallocations.port_id')
      .select('ports.id')
      .where('ipallocations.subnet_id', '=', row.id)
      .where('ipallocations.ip_address', '=', row.gateway_ip)
      .where('ports.device_owner', 'in', [...constants.ROUTER_INTERFACE_OWNERS])
      .executeTakeFirst();
    if (routerPort) throw new GatewayIpInUse({ ip_address: row.gateway_ip, port_id: routerPort.id });
  }

  const poolsBody = given(body, 'allocation_pools');
  let pools: IpRange[] | undefined;
  if (Array.isArray(poolsBody)) {
    pools = poolsToRanges(poolsBody as PoolBody[]);
    validateAllocationPools(pools, cidr, row.cidr);
  }
  if (gatewayGiven !== undefined || pools !== undefined) {
    const effectivePools = pools ?? (await loadIpamSubnets(session, [row]))[0]!.pools;
    if (gateway) validateGatewayOutOfPools(gateway, effectivePools);
  }
  if (pools !== undefined) {
    await session.db.deleteFrom('ipallocationpools').where('subnet_id', '=', row.id).execute();
    await savePools(session, row.id, pools);
  }
  if (spec.dnsNameservers !== undefined) {
    await session.db.deleteFrom('dnsnameservers').where('subnet_id', '=', row.id).execute();
    await saveDns(session, row.id, spec.dnsNameservers);
  }
  if (spec.hostRoutes !== undefined) {
    await session.db.deleteFrom('subnetroutes').where('subnet_id', '=', row.id).execute();
    await saveRoutes(session, row.id, spec.hostRoutes);
  }
  await session.db
    .updateTable('subnets')
    .set({
      ...givenStrings(body, ['name', 'description']),
      ...(enableDhcp !== undefined ? { enable_dhcp: enableDhcp ? 1 : 0 } : {}),
      ...(gatewayGiven !== undefined ? { gateway_ip: gateway ? formatIpAddress(gateway) : null } : {}),
      ...revisionBump(row),
    })
    .where('id', '=', row.id)
    .execute();
  await bumpRevision(session.db, 'networks', row.network_id);
}

/**
 * neutron's _subnet_check_ip_allocations: a subnet may go while its
 * addresses are held only by ports the server manages (DHCP...) or are
 * SLAAC addresses of an auto-address subnet; those allocations go with it.
 */
export async function ensureSubnetDeletable(session: Session, row: SubnetRow): Promise<void> {
  // A port allocating here meanwhile must either be seen below or fail on the foreign key and retry,
  // never lose its address to the cascade.
  await lockRow(session, 'subnets', row.id, 'exclusive');
  const holders = await session.db
    .selectFrom('ipallocations')
    .leftJoin('ports', 'ports.id', 'ipallocations.port_id')
    .select(['ipallocations.port_id', 'ports.device_owner'])
    .where('ipallocations.subnet_id', '=', row.id)
    .execute();
  const auto = isAutoAddressSubnet(subnetModes(row));
  const routerOwners: readonly string[] = constants.ROUTER_INTERFACE_OWNERS_SNAT;
  const blocking = holders.filter((holder) => {
    const owner = holder.device_owner === null ? '' : String(holder.device_owner);
    if (AUTO_DELETE_PORT_OWNERS.includes(owner)) return false;
    return !(auto && !routerOwners.includes(owner));
  });
  if (blocking.length > 0) throw new SubnetInUse({ subnet_id: row.id });
}
