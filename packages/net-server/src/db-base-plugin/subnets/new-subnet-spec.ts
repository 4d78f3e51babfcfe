import { firstAddress, type Cidr, type IpAddress } from '@net-server/lib';
import { given, givenBoolean, givenString } from '../../resource-kit/request-body.js';
import type { SubnetAddressing } from './subnet-addressing.js';
import { readIp, routesOf, stringsOf, type SubnetSpec } from './subnet-spec.js';

/** A new subnet's attributes from the body, with neutron's defaults (DHCP on, the gateway below). */
export function newSubnetSpec(body: Readonly<Record<string, unknown>>, addressing: SubnetAddressing): SubnetSpec {
  const { cidr, ipVersion } = addressing;
  const gatewayGiven = given(body, 'gateway_ip');
  let gateway: IpAddress | undefined;
  if (gatewayGiven === undefined) gateway = defaultGateway(cidr, ipVersion === 6 && addressing.cidrRequested);
  else if (gatewayGiven !== null) gateway = readIp(String(gatewayGiven), 'gateway_ip');
  const enableDhcp = givenBoolean(body, 'enable_dhcp') ?? true;
  return {
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
}

/**
 * neutron's _gateway_ip_str for a requested CIDR: the first address for
 * IPv4, the subnet-router anycast address for IPv6; its SubnetAllocator for
 * a prefix taken from a pool: the first address.
 */
function defaultGateway(cidr: Cidr, anycast: boolean): IpAddress {
  const network0 = firstAddress(cidr);
  return anycast ? network0 : { version: network0.version, value: network0.value + 1n };
}
