import { parseIpAddress } from '@net-server/lib';
import type { Session } from 'net-server';
import { ndpView } from '../db/schema.js';

/** An IPv6 address of a port, with its subnet. */
export interface Ipv6FixedIp {
  port_id: string;
  subnet_id: string;
  ip_address: string;
}

export const isIpv6 = (address: unknown): boolean => typeof address === 'string' && parseIpAddress(address)?.version === 6;

/**
 * A network's `ipv6_address_scope` (neutron's address-scope extension):
 * the scope of the pool its IPv6 subnets come from, null without one. Read
 * from the core's tables, so that it holds whether or not the address_scope
 * plugin shows it on networks.
 */
export async function ipv6AddressScope(session: Session, networkId: string): Promise<string | null> {
  const row = await ndpView(session)
    .selectFrom('subnets')
    .innerJoin('subnetpools', 'subnetpools.id', 'subnets.subnetpool_id')
    .select('subnetpools.address_scope_id')
    .where('subnets.network_id', '=', networkId)
    .where('subnets.ip_version', '=', 6)
    .where('subnetpools.address_scope_id', 'is not', null)
    .executeTakeFirst();
  return row?.address_scope_id ?? null;
}

/** neutron's _check_ext_gw_network: a gateway network NDP proxies work through has an IPv6 address scope and an IPv6 subnet. */
export async function networkSupportsNdpProxy(session: Session, networkId: string): Promise<boolean> {
  if ((await ipv6AddressScope(session, networkId)) === null) return false;
  const subnet = await ndpView(session).selectFrom('subnets').select('id').where('network_id', '=', networkId).where('ip_version', '=', 6).executeTakeFirst();
  return subnet !== undefined;
}

/** The IPv6 fixed IPs of ports, in the order they were allocated per port. */
export async function ipv6FixedIps(session: Session, portIds: readonly string[]): Promise<Ipv6FixedIp[]> {
  if (portIds.length === 0) return [];
  const rows = await ndpView(session)
    .selectFrom('ipallocations')
    .select(['port_id', 'subnet_id', 'ip_address'])
    .where('port_id', 'in', [...portIds])
    .execute();
  return rows.filter((row): row is Ipv6FixedIp => row.port_id !== null && isIpv6(row.ip_address));
}

/** The ports of a router (its interfaces and gateway) on a network, as neutron's get_ports by device_id and network_id. */
export async function routerPortsOn(session: Session, routerId: string, networkId: string): Promise<string[]> {
  const rows = await ndpView(session).selectFrom('ports').select('id').where('device_id', '=', routerId).where('network_id', '=', networkId).execute();
  return rows.map((row) => row.id);
}
