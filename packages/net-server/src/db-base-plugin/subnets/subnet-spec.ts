import { parseIpAddress, type Cidr, type IpAddress } from '@net-server/lib';
import { invalid } from './invalid-subnet.js';

export interface HostRoute {
  destination: string;
  nexthop: string;
}

/** What neutron's _validate_subnet checks of a subnet being created or updated. */
export interface SubnetSpec {
  ipVersion: 4 | 6;
  cidr: Cidr;
  gateway: IpAddress | undefined;
  enableDhcp: boolean;
  /** DHCP was off (or the subnet is new) and is being turned on. */
  dhcpNewlyEnabled: boolean;
  dhcpDisabled: boolean;
  raMode: string | null;
  addressMode: string | null;
  /** undefined when the request leaves them alone. */
  dnsNameservers: string[] | undefined;
  /** undefined when the request leaves them alone. */
  hostRoutes: HostRoute[] | undefined;
}

export function readIp(text: string, attribute: string): IpAddress {
  const ip = parseIpAddress(text);
  if (!ip) throw invalid(`'${text}' is not a valid IP address for ${attribute}`);
  return ip;
}

/** The body's host_routes: undefined when absent, none when null. */
export function routesOf(value: unknown): HostRoute[] | undefined {
  if (value === undefined || value === null) return value === null ? [] : undefined;
  if (!Array.isArray(value)) throw invalid(`Invalid data format for hostroute: '${String(value)}'`);
  return value.map((route: unknown) => {
    const r = (route ?? {}) as Record<string, unknown>;
    return { destination: String(r['destination']), nexthop: String(r['nexthop']) };
  });
}

/** The body's dns_nameservers: undefined when absent, none when null. */
export function stringsOf(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (value === null) return [];
  if (!Array.isArray(value)) throw invalid(`Invalid data format for nameserver: '${String(value)}'`);
  return value.map(String);
}
