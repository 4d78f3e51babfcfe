import {
  AllocationOnAutoAddressSubnet,
  InvalidInput,
  InvalidIpForNetwork,
  InvalidIpForSubnet,
  IpAddressAlreadyAllocated,
  IpAddressGenerationFailure,
  SubnetNotFound,
  constants,
  formatIpAddress,
  parseIpAddress,
  type FixedIp,
  type IpAddress,
} from '@net-server/lib';
import { candidateWindows, freeCandidate } from '../ipam/address-candidates.js';
import { pickFreeAddress } from '../ipam/address-picker.js';
import { eui64Address } from '../ipam/eui64.js';
import { subnetIpValid } from '../ipam/subnet-checks.js';
import type { Session } from './session.js';
import { bumpRevision } from './standard-attributes.js';
import { loadIpamSubnets, type IpamSubnet } from './subnets/ipam-subnets.js';
import { serviceTypeCandidates, servesDeviceOwner } from './subnets/service-type-candidates.js';
import type { SubnetRow } from './subnets/subnet-rows.js';

/** A fixed_ips entry of a port request: a subnet, an address, or both. */
export interface FixedIpRequest {
  subnet_id?: string;
  ip_address?: string;
}

/** The port facts IPAM needs. */
export interface PortForIpam {
  id: string;
  network_id: string;
  mac_address: string;
  device_owner: string;
}

/** One address to allocate: a specific one, or any free one from the first subnet of `anyOf` that has one. */
type AllocationRequest = { subnet: IpamSubnet; ip: IpAddress } | { anyOf: IpamSubnet[] };

const routerOwners: readonly string[] = constants.ROUTER_INTERFACE_OWNERS;
const routerOwnersSnat: readonly string[] = constants.ROUTER_INTERFACE_OWNERS_SNAT;
/** Ports that take the lowest free address rather than a random one (neutron's AddressRequestFactory). */
const prefersNextAddress: readonly string[] = [constants.DEVICE_OWNER_DHCP, constants.DEVICE_OWNER_DISTRIBUTED];

/** Every subnet of the network, whoever owns it: IPAM works for the port, not the caller. */
export async function networkIpamSubnets(session: Session, networkId: string): Promise<IpamSubnet[]> {
  const rows = (await session.db
    .selectFrom('subnets')
    .selectAll()
    .where('network_id', '=', networkId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()) as SubnetRow[];
  return loadIpamSubnets(session, rows);
}

function invalid(message: string): Error {
  return new InvalidInput({ error_message: message });
}

/**
 * neutron's _get_subnet_for_fixed_ip and _test_fixed_ips_for_port: checks
 * each requested entry against the network's subnets and turns it into an
 * allocation request. An address on an auto-address (SLAAC) subnet is
 * refused except for router ports; a bare subnet on one is left to the
 * automatic EUI-64 step.
 */
async function fixedIpRequests(
  session: Session,
  port: PortForIpam,
  requested: readonly FixedIpRequest[],
  subnets: readonly IpamSubnet[],
): Promise<AllocationRequest[]> {
  if (requested.length > 0 && subnets.length === 0) throw invalid('IP allocation requires subnets for network');
  const requests: AllocationRequest[] = [];
  for (const fixed of requested) {
    let subnet: IpamSubnet | undefined;
    const ip = fixed.ip_address === undefined ? undefined : parseIpAddress(fixed.ip_address);
    if (fixed.ip_address !== undefined && ip === undefined) throw new InvalidIpForNetwork({ ip_address: fixed.ip_address });
    if (fixed.subnet_id !== undefined) {
      subnet = subnets.find((candidate) => candidate.id === fixed.subnet_id);
      if (!subnet) {
        const exists = await session.db.selectFrom('subnets').select('id').where('id', '=', fixed.subnet_id).executeTakeFirst();
        if (!exists) throw new SubnetNotFound({ subnet_id: fixed.subnet_id });
        throw invalid(`Failed to create port on network ${port.network_id}, because fixed_ips included invalid subnet ${fixed.subnet_id}`);
      }
      if (ip && !subnetIpValid(subnet.cidr, ip, port.device_owner)) throw new InvalidIpForSubnet({ ip_address: fixed.ip_address });
    } else if (ip) {
      subnet = subnets.find((candidate) => subnetIpValid(candidate.cidr, ip, port.device_owner));
      if (!subnet) throw new InvalidIpForNetwork({ ip_address: fixed.ip_address });
    } else {
      throw invalid('IP allocation requires subnet_id or ip_address');
    }
    if (ip) {
      if (subnet.autoAddress && !routerOwners.includes(port.device_owner)) {
        throw new AllocationOnAutoAddressSubnet({ ip: fixed.ip_address, subnet_id: subnet.id });
      }
      requests.push({ subnet, ip });
    } else if (routerOwnersSnat.includes(port.device_owner) || !subnet.autoAddress) {
      requests.push({ anyOf: [subnet] });
    }
  }
  return requests;
}

/** neutron's _get_auto_address_ips: the EUI-64 address on each SLAAC/DHCPv6-stateless subnet, except for router ports. */
function autoAddressRequests(port: PortForIpam, subnets: readonly IpamSubnet[], exclude: ReadonlySet<string>): AllocationRequest[] {
  if (routerOwnersSnat.includes(port.device_owner)) return [];
  const requests: AllocationRequest[] = [];
  for (const subnet of subnets) {
    if (!subnet.autoAddress || exclude.has(subnet.id)) continue;
    const ip = eui64Address(subnet.cidr, port.mac_address);
    if (ip) requests.push({ subnet, ip });
  }
  return requests;
}

async function isAllocated(session: Session, subnetId: string, ip: IpAddress): Promise<boolean> {
  const row = await session.db
    .selectFrom('ipallocations')
    .select('ip_address')
    .where('subnet_id', '=', subnetId)
    .where('ip_address', '=', formatIpAddress(ip))
    .executeTakeFirst();
  return row !== undefined;
}

function addressValues(rows: readonly { ip_address: string }[]): Set<bigint> {
  return new Set(rows.map((row) => parseIpAddress(row.ip_address)?.value).filter((v): v is bigint => v !== undefined));
}

/**
 * A free address of the subnet's pools, or undefined when they are full:
 * random candidates checked in one query (candidateWindows) first, every
 * allocation of the subnet read only for the lowest free address (DHCP and
 * distributed ports) or when every candidate is taken (nearly full pools).
 */
async function freeAddress(session: Session, subnet: IpamSubnet, lowest: boolean): Promise<IpAddress | undefined> {
  const allocations = session.db.selectFrom('ipallocations').select('ip_address').where('subnet_id', '=', subnet.id);
  if (!lowest) {
    const windows = candidateWindows(subnet.pools);
    const texts = windows.flat().map(formatIpAddress);
    if (texts.length > 0) {
      const free = freeCandidate(windows, addressValues(await allocations.where('ip_address', 'in', texts).execute()));
      if (free) return free;
    }
  }
  return pickFreeAddress(subnet.pools, addressValues(await allocations.execute()), lowest);
}

async function store(session: Session, port: PortForIpam, subnet: IpamSubnet, ip: IpAddress): Promise<FixedIp> {
  const ipAddress = formatIpAddress(ip);
  await session.db.insertInto('ipallocations').values({ port_id: port.id, ip_address: ipAddress, subnet_id: subnet.id, network_id: port.network_id }).execute();
  return { subnet_id: subnet.id, ip_address: ipAddress };
}

/**
 * Allocates and stores the requests, specific addresses first (neutron's
 * _ipam_allocate_ips). A specific address already held fails with
 * IpAddressAlreadyAllocated; an "any" request tries its subnets in order
 * and fails with IpAddressGenerationFailure when all are full. The primary
 * key on (ip_address, subnet_id) catches a concurrent process taking the
 * same address: the transaction is then retried and sees it taken.
 */
async function allocate(session: Session, port: PortForIpam, requests: readonly AllocationRequest[]): Promise<FixedIp[]> {
  const ordered = [...requests].sort((a, b) => Number('anyOf' in a) - Number('anyOf' in b));
  const allocated: FixedIp[] = [];
  for (const request of ordered) {
    if ('ip' in request) {
      if (await isAllocated(session, request.subnet.id, request.ip)) {
        throw new IpAddressAlreadyAllocated({ ip: formatIpAddress(request.ip), subnet_id: request.subnet.id });
      }
      allocated.push(await store(session, port, request.subnet, request.ip));
      continue;
    }
    let done = false;
    for (const subnet of request.anyOf) {
      const ip = await freeAddress(session, subnet, prefersNextAddress.includes(port.device_owner));
      if (ip) {
        allocated.push(await store(session, port, subnet, ip));
        done = true;
        break;
      }
    }
    if (!done) throw new IpAddressGenerationFailure({ net_id: port.network_id });
  }
  return allocated;
}

/**
 * The addresses of a new port (neutron's _allocate_ips_for_port), on the
 * subnets for its device owner (subnet service types): the requested
 * fixed_ips, or else one IPv4 address and one DHCPv6-stateful address, each
 * from the first subnet of its family with room; plus the EUI-64 address on
 * every auto-address subnet.
 */
export async function allocateIpsForNewPort(session: Session, port: PortForIpam, fixedIps: readonly FixedIpRequest[] | undefined): Promise<FixedIp[]> {
  const subnets = serviceTypeCandidates(await networkIpamSubnets(session, port.network_id), port.network_id, port.device_owner);
  let requests: AllocationRequest[];
  if (fixedIps !== undefined) {
    requests = await fixedIpRequests(session, port, fixedIps, subnets);
  } else {
    requests = [];
    const v4 = subnets.filter((subnet) => subnet.ipVersion === 4);
    const v6Stateful = subnets.filter((subnet) => subnet.ipVersion === 6 && !subnet.autoAddress);
    for (const group of [v4, v6Stateful]) if (group.length > 0) requests.push({ anyOf: group });
  }
  requests.push(...autoAddressRequests(port, subnets, new Set()));
  return allocate(session, port, requests);
}

/**
 * Applies a new fixed_ips list to an existing port (neutron's
 * _get_changed_ips_for_port and _update_ips_for_port): entries naming a
 * current address keep it, a bare subnet keeps the port's current address
 * there, anything else is allocated; current addresses not asked for are
 * released, except SLAAC ones, which stay unless the port is a router's.
 */
export async function updateIpsForPort(session: Session, port: PortForIpam, original: readonly FixedIp[], wanted: readonly FixedIpRequest[]): Promise<void> {
  const subnets = await networkIpamSubnets(session, port.network_id);
  const candidates = serviceTypeCandidates(subnets, port.network_id, port.device_owner);
  const byIp = new Map(original.map((fixed) => [fixed.ip_address, fixed]));
  const kept: FixedIp[] = [];
  const toAdd: FixedIpRequest[] = [];
  for (const entry of wanted) {
    if (entry.ip_address === undefined) continue;
    const canonical = parseIpAddress(entry.ip_address);
    const text = canonical ? formatIpAddress(canonical) : entry.ip_address;
    const current = byIp.get(text);
    if (current && (entry.subnet_id === undefined || entry.subnet_id === current.subnet_id)) {
      kept.push(current);
      byIp.delete(text);
    } else {
      toAdd.push({ ...entry, ip_address: text });
    }
  }
  for (const entry of wanted) {
    if (entry.ip_address !== undefined) continue;
    const current = [...byIp.values()].find((fixed) => fixed.subnet_id === entry.subnet_id);
    if (current) {
      kept.push(current);
      byIp.delete(current.ip_address);
    } else {
      toAdd.push(entry);
    }
  }
  const removed: FixedIp[] = [];
  for (const leftover of byIp.values()) {
    const subnet = subnets.find((candidate) => candidate.id === leftover.subnet_id);
    if (subnet?.autoAddress && !routerOwnersSnat.includes(port.device_owner)) kept.push(leftover);
    else removed.push(leftover);
  }
  for (const fixed of removed) {
    await session.db.deleteFrom('ipallocations').where('subnet_id', '=', fixed.subnet_id).where('ip_address', '=', fixed.ip_address).execute();
  }
  const requests = await fixedIpRequests(session, port, toAdd, candidates);
  const handled = new Set([...kept, ...removed].map((fixed) => fixed.subnet_id));
  requests.push(...autoAddressRequests(port, candidates, handled));
  await allocate(session, port, requests);
}

/**
 * After a port's MAC changed: its EUI-64 addresses are derived anew
 * (neutron's update_port_with_ips for a new MAC).
 */
export async function reallocateAutoAddresses(session: Session, port: PortForIpam): Promise<void> {
  const subnets = (await networkIpamSubnets(session, port.network_id)).filter((subnet) => subnet.autoAddress);
  if (subnets.length === 0) return;
  await session.db
    .deleteFrom('ipallocations')
    .where('port_id', '=', port.id)
    .where(
      'subnet_id',
      'in',
      subnets.map((subnet) => subnet.id),
    )
    .execute();
  await allocate(session, port, autoAddressRequests(port, subnets, new Set()));
}

/**
 * A new auto-address subnet gives every port already on the network whose
 * device owner it serves its EUI-64 address there (neutron's
 * add_auto_addrs_on_network_ports).
 */
export async function addAutoAddressesOnNetworkPorts(session: Session, subnet: IpamSubnet): Promise<void> {
  if (!subnet.autoAddress) return;
  const ports = await session.db
    .selectFrom('ports')
    .select(['id', 'network_id', 'mac_address', 'device_owner'])
    .where('network_id', '=', subnet.networkId)
    .execute();
  for (const port of ports) {
    if (!servesDeviceOwner(subnet, port.device_owner)) continue;
    const added = await allocate(session, port, autoAddressRequests(port, [subnet], new Set()));
    if (added.length > 0) await bumpRevision(session.db, 'ports', port.id);
  }
}
